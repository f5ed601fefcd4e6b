"""The ECS cluster, its capacity provider, Auto Scaling group and launch
template, and ECS Exec's session logging."""

import pytest


@pytest.fixture(scope="module")
def capacity_provider(ecs, base_stack):
    return ecs.describe_capacity_providers(capacityProviders=[base_stack["capacity_provider_name"]])[
        "capacityProviders"
    ][0]


@pytest.fixture(scope="module")
def asg(autoscaling, capacity_provider):
    arn = capacity_provider["autoScalingGroupProvider"]["autoScalingGroupArn"]
    groups = [
        g
        for g in autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"]
        if g["AutoScalingGroupARN"] == arn
    ]
    assert len(groups) == 1, f"Auto Scaling groups with ARN {arn}: {len(groups)}"
    return groups[0]


def test_exec_sessions_logged_to_an_encrypted_log_group_with_the_kms_key(ecs, base_stack):
    cluster = ecs.describe_clusters(clusters=[base_stack["cluster_name"]], include=["CONFIGURATIONS"])[
        "clusters"
    ][0]
    exe = cluster["configuration"]["executeCommandConfiguration"]
    assert exe["logging"] == "OVERRIDE"
    assert exe["kmsKeyId"] == base_stack["exec_kms_key_arn"]
    assert exe["logConfiguration"]["cloudWatchEncryptionEnabled"] is True
    assert exe["logConfiguration"]["cloudWatchLogGroupName"] == base_stack["exec_log_group_name"]


def test_exec_session_log_group_encrypted_with_the_exec_key(logs, base_stack):
    groups = logs.describe_log_groups(logGroupNamePrefix=base_stack["exec_log_group_name"])["logGroups"]
    assert groups[0].get("kmsKeyId") == base_stack["exec_kms_key_arn"]


def test_cluster_active_with_the_capacity_provider(ecs, base_stack):
    cluster = ecs.describe_clusters(clusters=[base_stack["cluster_name"]])["clusters"][0]
    assert cluster["status"] == "ACTIVE"
    assert base_stack["capacity_provider_name"] in cluster.get("capacityProviders", [])


def test_capacity_provider_managed_scaling_and_termination_protection(
    capacity_provider,
):
    asgp = capacity_provider["autoScalingGroupProvider"]
    assert asgp["managedScaling"]["status"] == "ENABLED"
    assert asgp["managedTerminationProtection"] == "ENABLED"


def test_asg_across_three_private_subnets_with_scale_in_protection(asg):
    assert len(asg["VPCZoneIdentifier"].split(",")) == 3, asg["VPCZoneIdentifier"]
    assert asg["NewInstancesProtectedFromScaleIn"] is True


def test_launch_template_imdsv2_required_no_ssh_key(ec2, asg):
    lt = (
        asg.get("LaunchTemplate")
        or asg["MixedInstancesPolicy"]["LaunchTemplate"]["LaunchTemplateSpecification"]
    )
    data = ec2.describe_launch_template_versions(
        LaunchTemplateId=lt["LaunchTemplateId"], Versions=["$Latest"]
    )["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    assert "KeyName" not in data
