"""Operations: the alarm topic and its key, the alarms, EventBridge rules, the
dashboard, and the service's deployment alarms."""

import json

import pytest

ALARMS = [
    "alb-5xx-rate",
    "cron-runs-failed",
    "cron-ticks-failed",
    "db-connections",
    "db-cpu",
    "db-free-storage",
    "efs-io-limit",
    "no-healthy-targets",
    "running-tasks-below-desired",
    "service-cpu",
    "service-memory",
    "target-response-time",
    "unhealthy-targets",
]
RULES = ["deployment-failed", "task-crashed", "task-unhealthy"]


@pytest.fixture(scope="module")
def topic(base_stack) -> str:
    return base_stack["alarm_topic_arn"]


@pytest.fixture(scope="module")
def alarms(cloudwatch, base_stack) -> list:
    return cloudwatch.describe_alarms(AlarmNamePrefix=f"{base_stack['name']}-")["MetricAlarms"]


@pytest.fixture(scope="module")
def rules(events, base_stack) -> list:
    return events.list_rules(NamePrefix=f"{base_stack['name']}-")["Rules"]


def test_topic_encrypted_with_a_kms_key_of_its_own(sns, topic):
    key = sns.get_topic_attributes(TopicArn=topic)["Attributes"].get("KmsMasterKeyId", "")
    assert key.startswith("arn:aws:kms:"), f"topic key {key!r} (aws/sns is not a key of its own)"


def test_topic_key_enabled(sns, kms, topic):
    key = sns.get_topic_attributes(TopicArn=topic)["Attributes"]["KmsMasterKeyId"]
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "Enabled"


def test_email_subscription(sns, topic):
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subs].count(("email", "ops@example.com")) == 1, subs


def test_one_alarm_per_listed_metric(alarms, base_stack):
    prefix = f"{base_stack['name']}-"
    assert sorted(a["AlarmName"][len(prefix) :] for a in alarms) == ALARMS


def test_every_alarm_notifies_the_topic_on_alarm_and_ok(alarms, topic):
    wrong = [a["AlarmName"] for a in alarms if a["AlarmActions"] != [topic] or a["OKActions"] != [topic]]
    assert wrong == [], f"alarms not notifying {topic} on ALARM and OK"


def test_5xx_alarm_is_a_percentage_of_requests_above_5(alarms):
    five = [a for a in alarms if a["AlarmName"].endswith("-alb-5xx-rate")]
    assert len(five) == 1
    assert five[0]["Threshold"] == 5
    assert sorted(
        m["MetricStat"]["Metric"]["MetricName"] for m in five[0]["Metrics"] if "MetricStat" in m
    ) == ["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"]


def test_eventbridge_rules_for_failed_deployments_and_unhealthy_or_crashed_tasks(rules, base_stack):
    assert sorted(r["Name"] for r in rules) == [f"{base_stack['name']}-{r}" for r in RULES]


def test_deployment_rule_matches_this_service_failed_deployments(rules, base_stack, wordpress_stack):
    pattern = next(
        json.loads(r["EventPattern"]) for r in rules if r["Name"] == f"{base_stack['name']}-deployment-failed"
    )
    assert pattern["detail"]["eventName"] == ["SERVICE_DEPLOYMENT_FAILED"]
    assert pattern["resources"][0].endswith(
        f":service/{base_stack['cluster_name']}/{wordpress_stack['service_name']}"
    )


def test_each_rule_sends_a_readable_message_to_the_topic(events, base_stack, topic):
    readable = {}
    for r in RULES:
        targets = events.list_targets_by_rule(Rule=f"{base_stack['name']}-{r}")["Targets"]
        readable[r] = len(
            [t for t in targets if t["Arn"] == topic and t.get("InputTransformer", {}).get("InputTemplate")]
        )
    assert readable == {r: 1 for r in RULES}


def test_dashboard_alarms_and_eight_metric_panels(cloudwatch, base_stack):
    widgets = json.loads(cloudwatch.get_dashboard(DashboardName=base_stack["name"])["DashboardBody"])[
        "widgets"
    ]
    assert widgets[0]["type"] == "alarm"
    assert len([w for w in widgets if w["type"] == "metric"]) == 8


def test_service_deployment_alarms_roll_back(ecs, base_stack, wordpress_stack):
    dc = ecs.describe_services(
        cluster=base_stack["cluster_name"], services=[wordpress_stack["service_name"]]
    )["services"][0]["deploymentConfiguration"]
    assert dc["alarms"]["enable"] is True and dc["alarms"]["rollback"] is True
    assert sorted(dc["alarms"]["alarmNames"]) == [
        f"{base_stack['name']}-alb-5xx-rate",
        f"{base_stack['name']}-unhealthy-targets",
    ]
