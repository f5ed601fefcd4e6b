"""Mail: the SES identity with Easy DKIM and MAIL FROM, its records in the
(existing) zone, the SMTP user's single permission, its credentials in Secrets
Manager, and the service's settings."""

import json

import emulator as E
import pytest

D = E.MAIL_DOMAIN


@pytest.fixture(scope="module")
def identity(sesv2):
    return sesv2.get_email_identity(EmailIdentity=D)


@pytest.fixture(scope="module")
def smtp_user(base_stack) -> str:
    return f"{base_stack['name']}-ses-smtp"


def test_ses_domain_identity_easy_dkim_2048_and_mail_from(identity):
    dkim, mail_from = identity["DkimAttributes"], identity["MailFromAttributes"]
    assert identity["IdentityType"] == "DOMAIN"
    assert dkim["SigningEnabled"] is True
    assert dkim["NextSigningKeyLength"] == "RSA_2048_BIT"
    assert len(dkim["Tokens"]) == 3
    assert mail_from["MailFromDomain"] == f"bounce.{D}"
    assert mail_from["BehaviorOnMxFailure"] == "USE_DEFAULT_VALUE"


def test_route53_dkim_cnames_and_the_mail_from_mx_and_spf(route53, emulator, identity):
    records = route53.list_resource_record_sets(HostedZoneId=emulator.mail_zone_id)["ResourceRecordSets"]
    r = [
        (x["Type"], x["Name"].rstrip("."), x["ResourceRecords"][0]["Value"])
        for x in records
        if x.get("ResourceRecords")
    ]
    tokens = identity["DkimAttributes"]["Tokens"]
    dkim = [t for t in tokens if ("CNAME", f"{t}._domainkey.{D}", f"{t}.dkim.amazonses.com") in r]
    assert dkim == tokens, f"records: {r}"
    assert ("MX", f"bounce.{D}", "10 feedback-smtp.us-east-1.amazonses.com") in r, f"records: {r}"
    assert [x for x in r if x[:2] == ("TXT", f"bounce.{D}") and "v=spf1 include:amazonses.com" in x[2]], (
        f"records: {r}"
    )


def test_smtp_user_may_only_send_raw_email_from_the_identity(iam, smtp_user):
    doc = E.policy_document(
        iam.get_user_policy(UserName=smtp_user, PolicyName=f"send-from-{D}")["PolicyDocument"]
    )
    assert doc["Statement"] == [
        {
            "Sid": "SendThroughSmtpFromTheDomainOnly",
            "Effect": "Allow",
            "Action": "ses:SendRawEmail",
            "Resource": f"arn:aws:ses:us-east-1:{E.ACCOUNT}:identity/{D}",
        }
    ]


def test_smtp_user_has_no_managed_policy(iam, smtp_user):
    assert iam.list_attached_user_policies(UserName=smtp_user)["AttachedPolicies"] == []


def test_smtp_secret_holds_the_access_key_id_and_a_derived_password(
    iam, secretsmanager, smtp_user, base_stack
):
    key = iam.list_access_keys(UserName=smtp_user)["AccessKeyMetadata"][0]["AccessKeyId"]
    secret = json.loads(
        secretsmanager.get_secret_value(SecretId=base_stack["mail"]["secret_arn"])["SecretString"]
    )
    assert secret["username"] == key
    assert len(secret["password"]) >= 40, f"SMTP password of {len(secret['password'])} characters"


def test_task_definition_sends_through_ses_smtp_587_starttls(container):
    mail = {
        e["name"]: e["value"]
        for e in container["environment"]
        if e["name"].startswith(("WPECS_SMTP_", "WPECS_MAIL_"))
    }
    assert mail == {
        "WPECS_MAIL_FROM": f"wordpress@{D}",
        "WPECS_SMTP_HOST": "email-smtp.us-east-1.amazonaws.com",
        "WPECS_SMTP_PORT": "587",
        "WPECS_SMTP_TLS": "starttls",
    }


def test_task_definition_smtp_user_and_password_from_the_smtp_secret(container, base_stack):
    s = base_stack["mail"]["secret_arn"]
    assert {
        x["name"]: x["valueFrom"] for x in container["secrets"] if x["name"].startswith("WPECS_SMTP_")
    } == {
        "WPECS_SMTP_PASSWORD": f"{s}:password::",
        "WPECS_SMTP_USER": f"{s}:username::",
    }
