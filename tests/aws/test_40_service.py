"""The ECS service and its task definition, autoscaling and logs."""

import emulator as E
import pytest


@pytest.fixture(scope="module")
def service(ecs, base_stack, wordpress_stack):
    return ecs.describe_services(
        cluster=base_stack["cluster_name"], services=[wordpress_stack["service_name"]]
    )["services"][0]


def env_of(container) -> dict:
    return {e["name"]: e["value"] for e in container.get("environment", [])}


def test_service_active_two_tasks_on_the_capacity_provider(service, base_stack):
    assert service["status"] == "ACTIVE"
    assert service["desiredCount"] == 2
    assert service["capacityProviderStrategy"][0]["capacityProvider"] == base_stack["capacity_provider_name"]


def test_service_100_200_percent_circuit_breaker_with_rollback(service):
    dc = service["deploymentConfiguration"]
    assert (dc["minimumHealthyPercent"], dc["maximumPercent"]) == (100, 200)
    assert dc["deploymentCircuitBreaker"] == {"enable": True, "rollback": True}


def test_service_registered_in_the_target_group_on_container_port_80(service, base_stack):
    lb = service["loadBalancers"][0]
    assert (lb["targetGroupArn"], lb["containerName"], lb["containerPort"]) == (
        base_stack["target_group_arn"],
        "wordpress",
        80,
    )


def test_service_spread_over_azs_then_instances_exec_on_grace_120(service):
    assert [p["field"] for p in service["placementStrategy"]] == [
        "attribute:ecs.availability-zone",
        "instanceId",
    ]
    assert service["enableExecuteCommand"] is True
    assert service["healthCheckGracePeriodSeconds"] == 120


def test_service_runs_the_stack_task_definition(service, wordpress_stack):
    assert service["taskDefinition"] == wordpress_stack["task_definition_arn"]


def test_task_definition_ec2_bridge_dynamic_host_port(task_definition, container):
    assert task_definition["networkMode"] == "bridge"
    assert task_definition["requiresCompatibilities"] == ["EC2"]
    assert (
        container["portMappings"][0]["containerPort"],
        container["portMappings"][0]["hostPort"],
    ) == (80, 0)


def test_task_definition_image_is_the_first_tag(container, base_stack):
    assert container["image"] == f"{base_stack['repository_url']}:{E.TAG1}"


def test_task_definition_no_secret_in_the_plain_environment(container):
    import re

    leaked = [n for n in env_of(container) if re.search(r"PASSWORD|DB_USER|_KEY$|_SALT$", n)]
    assert leaked == [], f"secret-looking names in the plain environment: {leaked}"


def test_task_definition_db_host_is_the_rds_address(container, base_stack):
    assert env_of(container).get("WORDPRESS_DB_HOST") == f"{base_stack['db_address']}:3306"


def test_task_definition_health_check_stop_timeout_and_awslogs(container):
    assert container["healthCheck"]["command"] == [
        "CMD",
        "/usr/local/bin/wp-init",
        "healthcheck",
    ]
    drain = env_of(container).get("WPECS_DRAIN_TIMEOUT")
    want = 30 if drain is None else int(drain) + 5
    assert container["stopTimeout"] == want, (
        f"stopTimeout {container['stopTimeout']}, WPECS_DRAIN_TIMEOUT {drain}"
    )
    assert container["logConfiguration"]["logDriver"] == "awslogs"


def test_task_definition_efs_transit_encryption_iam_through_access_point(
    task_definition, container, base_stack
):
    efs = task_definition["volumes"][0]["efsVolumeConfiguration"]
    assert efs["transitEncryption"] == "ENABLED"
    assert efs["authorizationConfig"] == {
        "accessPointId": base_stack["efs_access_point_id"],
        "iam": "ENABLED",
    }
    assert container["mountPoints"][0]["containerPath"] == "/var/www/shared"


def test_log_group_with_30_days_retention(logs, base_stack):
    name = f"/ecs/{base_stack['name']}"
    groups = [
        g for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] if g["logGroupName"] == name
    ]
    assert [g.get("retentionInDays") for g in groups] == [30]


def test_autoscaling_service_target_2_to_4(aas, base_stack, wordpress_stack):
    rid = f"service/{base_stack['cluster_name']}/{wordpress_stack['service_name']}"
    targets = [
        t
        for t in aas.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]
        if t["ResourceId"] == rid
    ]
    assert [(t["MinCapacity"], t["MaxCapacity"]) for t in targets] == [(2, 4)]


def test_autoscaling_cpu_target_tracking_policy(aas):
    policies = [
        p
        for p in aas.describe_scaling_policies(ServiceNamespace="ecs")["ScalingPolicies"]
        if p.get("TargetTrackingScalingPolicyConfiguration", {})
        .get("PredefinedMetricSpecification", {})
        .get("PredefinedMetricType")
        == "ECSServiceAverageCPUUtilization"
    ]
    assert len(policies) == 1
