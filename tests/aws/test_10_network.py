"""The network: VPC, subnets over three AZs, routes, NAT gateways."""

import pytest


@pytest.fixture(scope="module")
def subnets(ec2, base_stack):
    return ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [base_stack["vpc_id"]]}])["Subnets"]


def test_create_all_applied_registry_base_and_wordpress(created):
    assert created["applies"] == 3, (
        f"make create-all applied {created['applies']} times, want 3 (registry, base, wordpress)"
    )


def test_base_stack_names_resources_wpecs_test(base_stack):
    assert base_stack["name"] == "wpecs-test"


def test_vpc_cidr_and_tags(ec2, base_stack):
    vpc = ec2.describe_vpcs(VpcIds=[base_stack["vpc_id"]])["Vpcs"][0]
    tags = {t["Key"]: t["Value"] for t in vpc.get("Tags", [])}
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    assert tags.get("Environment") == "test", f"VPC tags: {tags}"
    assert "ManagedBy" in tags, f"VPC tags: {tags}"


def test_six_subnets_in_three_azs(subnets):
    assert len(subnets) == 6, [s["SubnetId"] for s in subnets]
    assert len({s["AvailabilityZone"] for s in subnets}) == 3


def test_three_public_and_three_private_subnets_each_over_three_azs(subnets, base_stack):
    az = {s["SubnetId"]: s["AvailabilityZone"] for s in subnets}
    pub, priv = base_stack["public_subnet_ids"], base_stack["private_subnet_ids"]
    assert len({az[s] for s in pub if s in az}) == 3, f"public subnets {pub} in AZs {az}"
    assert len({az[s] for s in priv if s in az}) == 3, f"private subnets {priv} in AZs {az}"
    assert len(set(pub) | set(priv)) == 6


def test_public_subnets_route_to_the_internet_gateway_private_to_a_nat_gateway_each(ec2, base_stack):
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [base_stack["vpc_id"]]}])[
        "RouteTables"
    ]
    gateway = {}
    for t in tables:
        default = [
            r.get("GatewayId") or r.get("NatGatewayId")
            for r in t["Routes"]
            if r.get("DestinationCidrBlock") == "0.0.0.0/0"
        ]
        for a in t.get("Associations", []):
            if a.get("SubnetId"):
                gateway[a["SubnetId"]] = default[0] if default else None
    pub = {s: gateway.get(s) for s in base_stack["public_subnet_ids"]}
    priv = {s: gateway.get(s) for s in base_stack["private_subnet_ids"]}
    assert all(g and g.startswith("igw-") for g in pub.values()), f"public subnets' default routes: {pub}"
    assert all(g and g.startswith("nat-") for g in priv.values()), f"private subnets' default routes: {priv}"
    assert len(set(priv.values())) == 3, f"private subnets share NAT gateways: {priv}"


def test_one_nat_gateway_per_az_each_in_a_public_subnet(ec2, base_stack):
    nats = ec2.describe_nat_gateways(
        Filters=[
            {"Name": "vpc-id", "Values": [base_stack["vpc_id"]]},
            {"Name": "state", "Values": ["available"]},
        ]
    )["NatGateways"]
    where = [n["SubnetId"] for n in nats]
    assert len(nats) == 3, where
    assert set(where) <= set(base_stack["public_subnet_ids"]), f"NAT gateways in {where}"
    assert len(set(where)) == 3, where
