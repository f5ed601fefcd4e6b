"""`make destroy ENV=test` (wordpress, then base) leaves nothing in the emulator.

The zones the suite created before the stacks (the mail identity's and
example.com) must be empty but for SOA and NS."""

import emulator as E
import pytest


@pytest.fixture(scope="module")
def destroyed(session, created, base_stack):
    """Destroyed once; the names the leftover checks ask for by name are read before."""
    session.destroy()
    return base_stack


def test_make_destroy_wordpress_then_base(session, destroyed):
    import re

    order = re.findall(r"^==> \[ *\d+s\] (\w+): destroy$", session.destroy_log, re.MULTILINE)
    assert order == ["wordpress", "base"], (
        f"stacks destroyed in the order {order} (log: {E.WORK}/destroy.log)"
    )
    assert session.destroy_log.count("Destroy complete!") == 2


def n_records(route53, zone_id):
    return len(
        [
            r
            for r in route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
            if r["Type"] not in ("SOA", "NS")
        ]
    )


def live_keys(em) -> list:
    """The topic's and the vaults' KMS keys not scheduled for deletion, in both regions."""
    live = []
    for region in ("us-east-1", "us-west-2"):
        kms = em.client("kms", region)
        for k in kms.list_keys()["Keys"]:
            meta = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
            if meta["KeyState"] == "Enabled" and meta.get("Description", "").startswith(
                ("SNS topic wpecs", "AWS Backup vault wpecs")
            ):
                live.append(meta["Arn"])
    return live


# what -> a function of (emulator, base stack outputs) giving what is left of it
LEFT = {
    "non-default VPCs": lambda em, b: em.client("ec2").describe_vpcs(
        Filters=[{"Name": "is-default", "Values": ["false"]}]
    )["Vpcs"],
    "non-default subnets": lambda em, b: em.client("ec2").describe_subnets(
        Filters=[{"Name": "default-for-az", "Values": ["false"]}]
    )["Subnets"],
    "NAT gateways": lambda em, b: [
        n for n in em.client("ec2").describe_nat_gateways()["NatGateways"] if n["State"] != "deleted"
    ],
    "Elastic IPs": lambda em, b: em.client("ec2").describe_addresses()["Addresses"],
    "security groups besides default": lambda em, b: [
        g["GroupName"]
        for g in em.client("ec2").describe_security_groups()["SecurityGroups"]
        if g["GroupName"] != "default"
    ],
    "launch templates": lambda em, b: em.client("ec2").describe_launch_templates()["LaunchTemplates"],
    "Auto Scaling groups": lambda em, b: em.client("autoscaling").describe_auto_scaling_groups()[
        "AutoScalingGroups"
    ],
    "load balancers": lambda em, b: em.client("elbv2").describe_load_balancers()["LoadBalancers"],
    "target groups": lambda em, b: em.client("elbv2").describe_target_groups()["TargetGroups"],
    "active ECS clusters": lambda em, b: [
        c
        for c in em.client("ecs").describe_clusters(clusters=[b["cluster_name"]])["clusters"]
        if c["status"] == "ACTIVE"
    ],
    # moto cannot list all capacity providers (DescribeCapacityProviders without names fails)
    "the active capacity provider": lambda em, b: [
        c
        for c in em.client("ecs").describe_capacity_providers(
            capacityProviders=[b["capacity_provider_name"]]
        )["capacityProviders"]
        if c["status"] == "ACTIVE"
    ],
    "active task definitions": lambda em, b: em.client("ecs").list_task_definitions(status="ACTIVE")[
        "taskDefinitionArns"
    ],
    "EFS file systems": lambda em, b: em.client("efs").describe_file_systems()["FileSystems"],
    "EFS access points": lambda em, b: em.client("efs").describe_access_points()["AccessPoints"],
    "RDS instances": lambda em, b: em.client("rds").describe_db_instances()["DBInstances"],
    "RDS subnet groups": lambda em, b: [
        g
        for g in em.client("rds").describe_db_subnet_groups()["DBSubnetGroups"]
        if g["DBSubnetGroupName"] != "default"
    ],
    "RDS parameter groups besides default.*": lambda em, b: [
        g
        for g in em.client("rds").describe_db_parameter_groups()["DBParameterGroups"]
        if not g["DBParameterGroupName"].startswith("default.")
    ],
    "ElastiCache replication groups": lambda em, b: em.client("elasticache").describe_replication_groups()[
        "ReplicationGroups"
    ],
    "ElastiCache subnet groups besides default": lambda em, b: [
        g
        for g in em.client("elasticache").describe_cache_subnet_groups()["CacheSubnetGroups"]
        if g["CacheSubnetGroupName"] != "default"
    ],
    "Secrets Manager secrets": lambda em, b: em.client("secretsmanager").list_secrets()["SecretList"],
    "ECR repositories": lambda em, b: em.client("ecr").describe_repositories()["repositories"],
    "SNS topics": lambda em, b: em.client("sns").list_topics()["Topics"],
    "CloudWatch alarms of the project": lambda em, b: em.client("cloudwatch").describe_alarms(
        AlarmNamePrefix="wpecs-"
    )["MetricAlarms"],
    "EventBridge rules of the project": lambda em, b: em.client("events").list_rules(NamePrefix="wpecs-")[
        "Rules"
    ],
    "CloudWatch dashboards": lambda em, b: em.client("cloudwatch").list_dashboards()["DashboardEntries"],
    "backup plans": lambda em, b: em.client("backup").list_backup_plans()["BackupPlansList"],
    "backup vaults (us-east-1, us-west-2)": lambda em, b: [
        v
        for r in ("us-east-1", "us-west-2")
        for v in em.client("backup", r).list_backup_vaults()["BackupVaultList"]
    ],
    "KMS keys of the topic and vaults not scheduled for deletion": lambda em, b: live_keys(em),
    "IAM roles of the project": lambda em, b: [
        r["RoleName"] for r in em.client("iam").list_roles()["Roles"] if r["RoleName"].startswith("wpecs-")
    ],
    "IAM instance profiles of the project": lambda em, b: [
        p["InstanceProfileName"]
        for p in em.client("iam").list_instance_profiles()["InstanceProfiles"]
        if p["InstanceProfileName"].startswith("wpecs-")
    ],
    "CloudWatch log groups of the project": lambda em, b: [
        g["logGroupName"]
        for g in em.client("logs").describe_log_groups()["logGroups"]
        if "wpecs" in g["logGroupName"]
    ],
    "EventBridge Scheduler schedules": lambda em, b: em.client("scheduler").list_schedules()["Schedules"],
    "SQS queues": lambda em, b: em.client("sqs").list_queues().get("QueueUrls", []),
    "autoscaling targets": lambda em, b: em.client("application-autoscaling").describe_scalable_targets(
        ServiceNamespace="ecs"
    )["ScalableTargets"],
    "SES identities": lambda em, b: em.client("sesv2").list_email_identities()["EmailIdentities"],
    "IAM users of the project": lambda em, b: [
        u["UserName"] for u in em.client("iam").list_users()["Users"] if u["UserName"].startswith("wpecs-")
    ],
    "records in the mail zone besides SOA and NS": lambda em, b: (
        [None] * n_records(em.client("route53"), em.mail_zone_id)
    ),
    "CloudFront distributions": lambda em, b: (
        em.client("cloudfront").list_distributions()["DistributionList"].get("Items", [])
    ),
    "WAF web ACLs (CLOUDFRONT, us-east-1)": lambda em, b: em.client("wafv2").list_web_acls(
        Scope="CLOUDFRONT"
    )["WebACLs"],
    "WAF web ACLs (REGIONAL)": lambda em, b: em.client("wafv2").list_web_acls(Scope="REGIONAL")["WebACLs"],
    "records in the test zone besides SOA and NS": lambda em, b: (
        [None] * n_records(em.client("route53"), em.zone_id)
    ),
    "autoscaling policies": lambda em, b: em.client("application-autoscaling").describe_scaling_policies(
        ServiceNamespace="ecs"
    )["ScalingPolicies"],
}


@pytest.mark.parametrize("what", LEFT)
def test_nothing_left(emulator, destroyed, what):
    left = LEFT[what](emulator, destroyed)
    assert left == [], f"{len(left)} {what} remain: {left}"[:2000]


def still_alive(em, arn: str) -> bool:
    """The tagging API also lists what AWS keeps as a record after deletion:
    deleted NAT gateways, INACTIVE ECS clusters, services and task definitions,
    keys waiting out their deletion window. Anything else is alive."""
    kind = arn.split(":")[2]
    resource = arn.split(":", 5)[5]
    if kind == "ec2" and resource.startswith("natgateway/"):
        return (
            em.client("ec2").describe_nat_gateways(NatGatewayIds=[resource.split("/")[-1]])["NatGateways"][0][
                "State"
            ]
            != "deleted"
        )
    if kind == "ec2" and resource.startswith("instance/"):
        # Instances carry the environment's tags. moto does not terminate an
        # Auto Scaling group's instances when the group is deleted (AWS does);
        # the group itself is checked ("Auto Scaling groups").
        return False
    if kind == "ecs" and resource.startswith("cluster/"):
        return em.client("ecs").describe_clusters(clusters=[arn])["clusters"][0]["status"] != "INACTIVE"
    if kind == "ecs" and resource.startswith("service/"):
        services = em.client("ecs").describe_services(cluster=resource.split("/")[1], services=[arn])[
            "services"
        ]
        return bool(services) and services[0]["status"] != "INACTIVE"
    if kind == "ecs" and resource.startswith("task-definition/"):
        return (
            em.client("ecs").describe_task_definition(taskDefinition=arn)["taskDefinition"]["status"]
            != "INACTIVE"
        )
    if kind == "kms":
        return (
            em.client("kms", arn.split(":")[3]).describe_key(KeyId=arn)["KeyMetadata"]["KeyState"]
            != "PendingDeletion"
        )
    return True


def test_nothing_tagged_project_wpecs_is_alive(emulator, destroyed):
    tagged = [
        m["ResourceARN"]
        for m in emulator.client("resourcegroupstaggingapi").get_resources(
            TagFilters=[{"Key": "Project", "Values": ["wpecs"]}]
        )["ResourceTagMappingList"]
    ]
    alive = [arn for arn in tagged if still_alive(emulator, arn)]
    E.step(f"tagging API after destroy: {len(tagged)} records, of which still alive: {len(alive)}")
    assert alive == []
