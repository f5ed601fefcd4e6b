"""The load balancer: ALB, target group, listeners, and its security group
(CloudFront in front: the HTTPS listener forwards only with the origin header)."""

import pytest


@pytest.fixture(scope="module")
def alb(elbv2, base_stack):
    return elbv2.describe_load_balancers(Names=[base_stack["name"]])["LoadBalancers"][0]


@pytest.fixture(scope="module")
def listeners(elbv2, alb):
    return elbv2.describe_listeners(LoadBalancerArn=alb["LoadBalancerArn"])["Listeners"]


def test_alb_internet_facing_application_in_the_public_subnets(alb, base_stack):
    assert alb["Type"] == "application"
    assert alb["Scheme"] == "internet-facing"
    assert sorted(az["SubnetId"] for az in alb["AvailabilityZones"]) == sorted(
        base_stack["public_subnet_ids"]
    )


def test_target_group_health_check_and_instance_targets(elbv2, base_stack):
    tg = elbv2.describe_target_groups(TargetGroupArns=[base_stack["target_group_arn"]])["TargetGroups"][0]
    path = tg["HealthCheckPath"]
    assert path == "/healthz" or path.startswith("/healthz/"), f"health check path {path}"
    assert tg["Matcher"]["HttpCode"] == "200"
    assert tg["TargetType"] == "instance", "bridge mode registers instances"


def test_target_group_deregistration_delay(elbv2, base_stack):
    attrs = {
        a["Key"]: a["Value"]
        for a in elbv2.describe_target_group_attributes(TargetGroupArn=base_stack["target_group_arn"])[
            "Attributes"
        ]
    }
    delay = int(attrs["deregistration_delay.timeout_seconds"])
    # The base stack's lb_deregistration_delay output, where it has one, is the
    # value; without it, the short delay the stack has always set.
    want = base_stack.get("lb_deregistration_delay")
    if want is None:
        assert delay <= 30, f"deregistration delay {delay} s"
    else:
        assert delay == int(want)


def test_http_listener_redirects_to_https(listeners):
    redirects = [
        l
        for l in listeners
        if l["Port"] == 80
        and l["Protocol"] == "HTTP"
        and l["DefaultActions"][0]["Type"] == "redirect"
        and l["DefaultActions"][0]["RedirectConfig"]["Port"] == "443"
    ]
    assert len(redirects) == 1, listeners


def test_https_listener_answers_403_by_default(listeners):
    https = [
        l
        for l in listeners
        if l["Port"] == 443
        and l["Protocol"] == "HTTPS"
        and l["DefaultActions"][0]["Type"] == "fixed-response"
        and l["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "403"
    ]
    assert len(https) == 1, listeners


def test_https_listener_forwards_only_with_the_origin_header(elbv2, listeners, base_stack):
    https = [l["ListenerArn"] for l in listeners if l["Port"] == 443]
    rules = elbv2.describe_rules(ListenerArn=https[0])["Rules"]
    forwarding = [
        r
        for r in rules
        if r["Actions"][0]["Type"] == "forward"
        and r["Actions"][0].get("TargetGroupArn") == base_stack["target_group_arn"]
        and [
            c
            for c in r["Conditions"]
            if c["Field"] == "http-header" and c["HttpHeaderConfig"]["HttpHeaderName"] == "X-Origin-Verify"
        ]
    ]
    assert len(forwarding) == 1, rules


def test_security_group_admits_only_cloudfront_prefix_list_on_443(ec2, elbv2, alb):
    sg = elbv2.describe_load_balancers(LoadBalancerArns=[alb["LoadBalancerArn"]])["LoadBalancers"][0][
        "SecurityGroups"
    ][0]
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [sg]}])[
        "SecurityGroupRules"
    ]
    pl = ec2.describe_managed_prefix_lists(
        Filters=[
            {
                "Name": "prefix-list-name",
                "Values": ["com.amazonaws.global.cloudfront.origin-facing"],
            }
        ]
    )["PrefixLists"][0]["PrefixListId"]
    ingress = [r for r in rules if not r["IsEgress"]]
    assert [(r.get("PrefixListId"), r["FromPort"]) for r in ingress] == [(pl, 443)]
