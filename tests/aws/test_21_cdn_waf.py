"""The edge: the CloudFront distribution and its WAF web ACL."""

import emulator as E
import pytest

# CloudFront's managed CachingDisabled policy.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


@pytest.fixture(scope="module")
def distribution(cloudfront, base_stack):
    return cloudfront.get_distribution(Id=base_stack["cdn_distribution_id"])["Distribution"][
        "DistributionConfig"
    ]


@pytest.fixture(scope="module")
def cloudfront_acls(wafv2):
    return [
        a for a in wafv2.list_web_acls(Scope="CLOUDFRONT")["WebACLs"] if a["Name"] == "wpecs-test-cloudfront"
    ]


def test_cloudfront_alias_and_https_origin_with_the_origin_header(distribution):
    origin = distribution["Origins"]["Items"][0]
    assert distribution["Aliases"]["Items"] == ["www.example.com"]
    assert origin["DomainName"] == "origin.www.example.com"
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert [h["HeaderName"] for h in origin["CustomHeaders"]["Items"]] == ["X-Origin-Verify"]


def test_cloudfront_every_c7_bypass_path_uncached(distribution):
    lst = (E.ROOT / "local" / "lb" / "cache-rules" / "bypass-path-prefixes.lst").read_text().splitlines()
    want = [p + "*" for p in lst if p]
    uncached = [
        b["PathPattern"]
        for b in distribution["CacheBehaviors"]["Items"]
        if b.get("CachePolicyId") == CACHING_DISABLED
    ]
    assert uncached == want


def test_cloudfront_uses_the_base_stack_web_acl(distribution, base_stack):
    assert distribution["WebACLId"] == base_stack["web_acl_arn"]


def test_waf_one_cloudfront_web_acl_in_us_east_1(cloudfront_acls):
    assert len(cloudfront_acls) == 1, cloudfront_acls


@pytest.fixture(scope="module")
def cloudfront_acl(wafv2, cloudfront_acls):
    return wafv2.get_web_acl(Scope="CLOUDFRONT", Name="wpecs-test-cloudfront", Id=cloudfront_acls[0]["Id"])[
        "WebACL"
    ]


def test_waf_the_four_managed_groups_then_the_login_rate_limit(cloudfront_acl):
    assert [r["Name"] for r in sorted(cloudfront_acl["Rules"], key=lambda r: r["Priority"])] == [
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesPHPRuleSet",
        "AWSManagedRulesWordPressRuleSet",
        "login-rate-limit",
    ]


def test_waf_login_rate_limit_counts_the_login_paths_through_one_regex(cloudfront_acl):
    rule = next(r for r in cloudfront_acl["Rules"] if r["Name"] == "login-rate-limit")
    match = rule["Statement"]["RateBasedStatement"]["ScopeDownStatement"]["RegexMatchStatement"]
    assert match["RegexString"] == r"^/wp-login\.php$|^/xmlrpc\.php$"
    assert match["FieldToMatch"] == {"UriPath": {}}
    assert sorted((t["Priority"], t["Type"]) for t in match["TextTransformations"]) == [
        (0, "NORMALIZE_PATH"),
        (1, "LOWERCASE"),
    ]
