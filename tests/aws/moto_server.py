"""moto_server for the emulated-AWS test, with fixes for moto answers that
real AWS never gives and that crash or confuse the AWS provider.

Test wiring only: the modules are not changed for moto. Each fix is listed in
tests/aws/README.md ("moto gaps"). Usage: python moto_server.py -H 127.0.0.1 -p PORT
"""

import inspect
import json
import os
import sys
import time

from moto.applicationautoscaling import responses as aas_responses
from moto.backup import responses as backup_responses
from moto.backup import urls as backup_urls
from moto.core.responses import EmptyResult
from moto.core.utils import camelcase_to_underscores, utcnow
from moto.ec2.models import launch_templates as ec2_launch_templates
from moto.ec2.models import security_groups as ec2_security_groups
from moto.ecr import models as ecr_models
from moto.ecs import models as ecs_models
from moto.ecs import responses as ecs_responses
from moto.efs import models as efs_models
from moto.efs import responses as efs_responses
from moto.elasticache import exceptions as elasticache_exceptions
from moto.elasticache import models as elasticache_models
from moto.elasticache import responses as elasticache_responses
from moto.elbv2 import models as elbv2_models
from moto.moto_api._internal import mock_random
from moto.rds import responses as rds_responses
from moto.ses import models as ses_models
from moto.sesv2 import models as sesv2_models
from moto.sesv2 import responses as sesv2_responses
from moto.sesv2 import urls as sesv2_urls

_service_init = ecs_models.Service.__init__


def _service_init_without_empty_network(self, *args, **kwargs):
    """ECS: a service without awsvpc networking gets networkConfiguration {}
    from moto (AWS omits it); provider 5.100 dereferences the missing
    awsvpcConfiguration and panics in flattenNetworkConfiguration.
    Its first deployment is answered as finished (see _ecs_deploy below)."""
    _service_init(self, *args, **kwargs)
    if not self.network_configuration:
        self.network_configuration = None
    if self.deployment_controller.get("type") == "ECS":
        self.deployments = [_deployment(self, self.task_definition, "PRIMARY", "COMPLETED")]


ecs_models.Service.__init__ = _service_init_without_empty_network


# Application Auto Scaling: moto stores no tags and answers
# ListTagsForResource / TagResource / UntagResource with NotImplemented (500),
# which the provider retries until its timeout. Keep tags by ARN here.
_aas_tags: dict[str, dict[str, str]] = {}
_aas_register = aas_responses.ApplicationAutoScalingResponse.register_scalable_target
_aas_deregister = aas_responses.ApplicationAutoScalingResponse.deregister_scalable_target


def _aas_register_with_tags(self):
    body = _aas_register(self)
    arn = json.loads(body)["ScalableTargetARN"]
    _aas_tags.setdefault(arn, {}).update(self._get_param("Tags") or {})
    return body


def _aas_deregister_with_tags(self):
    before = {
        t.arn for targets in self.applicationautoscaling_backend.targets.values() for t in targets.values()
    }
    body = _aas_deregister(self)
    after = {
        t.arn for targets in self.applicationautoscaling_backend.targets.values() for t in targets.values()
    }
    for arn in before - after:
        _aas_tags.pop(arn, None)
    return body


def _aas_list_tags_for_resource(self):
    return json.dumps({"Tags": _aas_tags.get(self._get_param("ResourceARN"), {})})


def _aas_tag_resource(self):
    _aas_tags.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
    return "{}"


def _aas_untag_resource(self):
    tags = _aas_tags.get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return "{}"


aas_responses.ApplicationAutoScalingResponse.register_scalable_target = _aas_register_with_tags
aas_responses.ApplicationAutoScalingResponse.deregister_scalable_target = _aas_deregister_with_tags
aas_responses.ApplicationAutoScalingResponse.list_tags_for_resource = _aas_list_tags_for_resource
aas_responses.ApplicationAutoScalingResponse.tag_resource = _aas_tag_resource
aas_responses.ApplicationAutoScalingResponse.untag_resource = _aas_untag_resource


# ECS: CreateService drops these settings, so DescribeServices never returns
# them and every plan wants to replace the service. Keep what was sent, and
# AWS's default for availabilityZoneRebalancing.
_ECS_SERVICE_SETTINGS = (
    "capacityProviderStrategy",
    "deploymentConfiguration",
    "placementStrategy",
    "placementConstraints",
    "enableExecuteCommand",
    "enableECSManagedTags",
    "healthCheckGracePeriodSeconds",
    "availabilityZoneRebalancing",
)
_ecs_create_service = ecs_responses.EC2ContainerServiceResponse.create_service


def _ecs_create_service_keeping_settings(self):
    result = _ecs_create_service(self)
    cluster = self._get_param("cluster", "default").split("/")[-1]
    service = self.ecs_backend.services[f"{cluster}:{self._get_param('serviceName')}"]
    for key in _ECS_SERVICE_SETTINGS:
        value = self._get_param(key)
        if value is not None:
            setattr(service, key, value)
    if getattr(service, "availabilityZoneRebalancing", None) is None:
        service.availabilityZoneRebalancing = "DISABLED"
    return result


ecs_responses.EC2ContainerServiceResponse.create_service = _ecs_create_service_keeping_settings


# ECS: UpdateService stores its settings under snake_case names the
# serializer then prefers over the camelCase ones kept above; keep one copy.
_ecs_update_service = ecs_models.EC2ContainerServiceBackend.update_service


def _ecs_update_service_one_copy(self, service_properties):
    cluster = service_properties.get("cluster", "default").split("/")[-1]
    name = service_properties.get("service", "").split("/")[-1]
    before = self.services.get(f"{cluster}:{name}")
    previous = before.task_definition if before is not None else None
    service = _ecs_update_service(self, service_properties)
    for key in _ECS_SERVICE_SETTINGS:
        snake = camelcase_to_underscores(key)
        if snake in service.__dict__ and key in service.__dict__:
            setattr(service, key, service.__dict__[snake])
    if service.deployment_controller.get("type") == "ECS" and service.task_definition != previous:
        _ecs_deploy(service, previous)
    return service


ecs_models.EC2ContainerServiceBackend.update_service = _ecs_update_service_one_copy


# ECS deployments. moto creates one deployment with the service, leaves it
# IN_PROGRESS for ever (no container instance ever runs a task) and keeps its
# old task definition when UpdateService changes it. The emulator instead
# answers as ECS does: UpdateService starts a new PRIMARY deployment of the
# new task definition (IN_PROGRESS, the previous one ACTIVE), and from the
# second DescribeServices on, the deployment has finished. The test chooses
# how it finishes with the file $WPECS_MOTO_CONTROL_DIR/ecs-deployment-outcome,
# read when UpdateService starts the deployment:
#   completed    (or no file) the deployment COMPLETED, the only one left;
#   rolling-back the deployment circuit breaker failed it and rolls back: the
#                failed deployment is still listed (ACTIVE, rolloutState
#                FAILED) and a new PRIMARY deployment of the previous task
#                definition runs (IN_PROGRESS);
#   rolled-back  the rollback has finished: only the PRIMARY deployment of the
#                previous task definition is left (COMPLETED).
# In both failure shapes the service's taskDefinition is the previous one and
# its events say what happened, as DescribeServices shows after a
# circuit-breaker rollback.
_OUTCOMES = ("completed", "rolling-back", "rolled-back")


def _deployment_outcome():
    directory = os.environ.get("WPECS_MOTO_CONTROL_DIR")
    if not directory:
        return "completed"
    try:
        with open(os.path.join(directory, "ecs-deployment-outcome"), encoding="utf-8") as f:
            outcome = f.read().strip()
    except FileNotFoundError:
        return "completed"
    if outcome not in _OUTCOMES:
        raise ValueError(f"ecs-deployment-outcome: {outcome!r} is not one of {_OUTCOMES}")
    return outcome


def _deployment(service, task_definition, status, rollout_state, reason=None):
    deployment_id = f"ecs-svc/{mock_random.randint(0, 32**12)}"
    now = utcnow()
    return {
        "createdAt": now,
        "desiredCount": service.desired_count,
        "failedTasks": 3 if rollout_state == "FAILED" else 0,
        "id": deployment_id,
        "launchType": service.launch_type,
        "pendingCount": 0,
        "rolloutState": rollout_state,
        "rolloutStateReason": reason
        or (
            f"ECS deployment {deployment_id} completed."
            if rollout_state == "COMPLETED"
            else f"ECS deployment {deployment_id} in progress."
        ),
        "runningCount": service.desired_count if rollout_state == "COMPLETED" else 0,
        "platformFamily": "EC2" if service.launch_type == "EC2" else "FARGATE",
        "status": status,
        "taskDefinition": task_definition,
        "updatedAt": now,
    }


def _event(service, message):
    service.events.insert(0, {"createdAt": utcnow(), "id": str(mock_random.uuid4()), "message": message})


def _ecs_deploy(service, previous):
    """UpdateService changed the task definition: a deployment starts."""
    started = _deployment(service, service.task_definition, "PRIMARY", "IN_PROGRESS")
    before = [dict(d, status="ACTIVE") for d in service.deployments if d.get("status") == "PRIMARY"]
    service.deployments = [started, *before]
    service._wpecs_deployment = {"outcome": _deployment_outcome(), "previous": previous, "looks": 1}


def _ecs_finish(service):
    """The deployment started by UpdateService ends as the test chose."""
    pending = service._wpecs_deployment
    del service._wpecs_deployment
    new, previous = service.task_definition, pending["previous"]
    if pending["outcome"] == "completed" or previous is None:
        service.deployments = [_deployment(service, new, "PRIMARY", "COMPLETED")]
        _event(service, f"(service {service.name}) has reached a steady state.")
        return
    failed = dict(
        service.deployments[0],
        status="ACTIVE",
        rolloutState="FAILED",
        rolloutStateReason="ECS deployment circuit breaker: tasks failed to start.",
        failedTasks=3,
        updatedAt=utcnow(),
    )
    if pending["outcome"] == "rolling-back":
        back = _deployment(service, previous, "PRIMARY", "IN_PROGRESS")
        service.deployments = [back, failed]
    else:
        back = _deployment(service, previous, "PRIMARY", "COMPLETED")
        service.deployments = [back]
    service.task_definition = previous
    _event(
        service,
        f"(service {service.name}) (deployment {failed['id']}) deployment failed: tasks failed to start.",
    )
    _event(service, f"(service {service.name}) rolling back to deployment {back['id']}.")


_ecs_describe_services = ecs_models.EC2ContainerServiceBackend.describe_services


def _ecs_describe_services_finishing(self, *args, **kwargs):
    services, failures = _ecs_describe_services(self, *args, **kwargs)
    for service in services:
        pending = getattr(service, "_wpecs_deployment", None)
        if pending is None:
            continue
        if pending["looks"] > 0:
            pending["looks"] -= 1
        else:
            _ecs_finish(service)
    return services, failures


ecs_models.EC2ContainerServiceBackend.describe_services = _ecs_describe_services_finishing


# RDS: DescribeDBParameters leaves out Source; the provider keeps only
# parameters with Source "user", so the utf8mb4 settings looked missing on
# every plan. Parameters moto stores were all set by the user.
_rds_describe_db_parameters = rds_responses.RDSResponse.describe_db_parameters


def _rds_describe_db_parameters_with_source(self):
    name = self._get_param("DBParameterGroupName")
    groups = self.backend.describe_db_parameter_groups({"db_parameter_group_name": name})
    for group in groups:
        for parameter in group.parameters.values():
            parameter.setdefault("Source", "user")
    return _rds_describe_db_parameters(self)


rds_responses.RDSResponse.describe_db_parameters = _rds_describe_db_parameters_with_source


# EC2: DescribeSecurityGroupRules drops the description of rules that
# reference another security group or a prefix list (it only looks at CIDR
# ranges).
_rule_init = ec2_security_groups.SecurityGroupRule.__init__


def _rule_init_keeping_prefix_list_description(self, *args, **kwargs):
    _rule_init(self, *args, **kwargs)
    prefix_list = inspect.signature(_rule_init).bind(self, *args, **kwargs).arguments.get("prefix_list_id")
    self.prefix_list_description = prefix_list.get("Description") if isinstance(prefix_list, dict) else None


ec2_security_groups.SecurityGroupRule.__init__ = _rule_init_keeping_prefix_list_description


def _rule_description(self):
    return (
        self.ip_range.get("Description")
        or (self.source_group or {}).get("Description")
        or getattr(self, "prefix_list_description", None)
    )


ec2_security_groups.SecurityGroupRule.description = property(_rule_description)


# EC2: CreateLaunchTemplate copies the request's TagSpecifications for the
# template itself (ResourceType launch-template) into the template data,
# where AWS never puts them; the provider then sees a tag_specifications
# block nobody configured.
_create_launch_template = ec2_launch_templates.LaunchTemplateBackend.create_launch_template


def _create_launch_template_clean(self, name, description, template_data, tag_spec):
    specs = template_data.get("TagSpecifications")
    if specs:
        template_data["TagSpecifications"] = [s for s in specs if s.get("ResourceType") != "launch-template"]
        if not template_data["TagSpecifications"]:
            del template_data["TagSpecifications"]
    return _create_launch_template(self, name, description, template_data, tag_spec)


ec2_launch_templates.LaunchTemplateBackend.create_launch_template = _create_launch_template_clean


# EFS: DeleteFileSystemPolicy is not implemented (500), so destroying a file
# system policy waits until the provider's timeout.
def _efs_delete_file_system_policy(self):
    file_system_id = self._get_param("FileSystemId")
    self.efs_backend.file_systems_by_id[file_system_id].file_system_policy = None
    return "{}", {"Content-Type": "application/json"}


efs_responses.EFSResponse.delete_file_system_policy = _efs_delete_file_system_policy


# ELBv2: a load balancer created without Scheme gets Scheme null, where AWS
# applies its default, internet-facing.
_lb_init = elbv2_models.FakeLoadBalancer.__init__


def _lb_init_default_scheme(self, *args, **kwargs):
    _lb_init(self, *args, **kwargs)
    if self.scheme is None:
        self.scheme = "internet-facing"


elbv2_models.FakeLoadBalancer.__init__ = _lb_init_default_scheme


# SESv2: a domain identity with Easy DKIM has three DKIM tokens (one CNAME
# each; the mail module writes them into Route 53); moto returns none.
_ses_identity_init = ses_models.EmailIdentity.__init__


def _ses_identity_with_dkim_tokens(self, *args, **kwargs):
    _ses_identity_init(self, *args, **kwargs)
    if self.identity_type == "DOMAIN" and self.dkim_attributes.get("SigningEnabled"):
        self.dkim_attributes["Tokens"] = [mock_random.get_random_hex(32) for _ in range(3)]
    # JSON protocol timestamps are epoch numbers; moto writes an ISO string,
    # which the provider's SDK refuses to decode.
    if isinstance(self.dkim_attributes.get("LastKeyGenerationTimestamp"), str):
        self.dkim_attributes["LastKeyGenerationTimestamp"] = time.time()
    self.mail_from_attributes = None


ses_models.EmailIdentity.__init__ = _ses_identity_with_dkim_tokens

# SESv2: PutEmailIdentityMailFromAttributes is not implemented (500), and
# GetEmailIdentity has no MailFromAttributes. Kept on the identity here.
_ses_identity_response = ses_models.EmailIdentity.get_response_object.fget


def _ses_identity_response_with_mail_from(self):
    body = _ses_identity_response(self)
    if getattr(self, "mail_from_attributes", None):
        body["MailFromAttributes"] = self.mail_from_attributes
    return body


ses_models.EmailIdentity.get_response_object = property(_ses_identity_response_with_mail_from)


def _sesv2_put_mail_from(self):
    name = self._get_param("EmailIdentity")
    identity = self.sesv2_backend.core_backend.email_identities.get(name)
    if identity is None:
        return (
            404,
            {},
            json.dumps({"__type": "NotFoundException", "message": f"Email identity {name} does not exist."}),
        )
    domain = self._get_param("MailFromDomain")
    identity.mail_from_attributes = (
        None
        if not domain
        else {
            "MailFromDomain": domain,
            "MailFromDomainStatus": "SUCCESS",
            "BehaviorOnMxFailure": self._get_param("BehaviorOnMxFailure") or "USE_DEFAULT_VALUE",
        }
    )
    return json.dumps({})


sesv2_responses.SESV2Response.put_email_identity_mail_from_attributes = _sesv2_put_mail_from
sesv2_urls.url_paths["{0}/v2/email/identities/(?P<EmailIdentity>[^/]+)/mail-from$"] = (
    sesv2_responses.SESV2Response.dispatch
)


# SESv2: tags given at CreateEmailIdentity are kept under
# arn:...:email-identity/<name>, but an identity's ARN (the one the provider
# lists tags for) is arn:...:identity/<name>: the tags look lost and every
# plan would add them again. Both spellings name the same tags here.
def _sesv2_identity_arn(arn):
    return arn.replace(":identity/", ":email-identity/", 1)


for _name in ("tag_resource", "untag_resource", "list_tags_for_resource"):

    def _wrap(original):
        def wrapped(self, *args, **kwargs):
            if args:
                args = (_sesv2_identity_arn(args[0]), *args[1:])
            for key in ("arn", "resource_arn"):
                if key in kwargs:
                    kwargs[key] = _sesv2_identity_arn(kwargs[key])
            return original(self, *args, **kwargs)

        return wrapped

    setattr(sesv2_models.SESV2Backend, _name, _wrap(getattr(sesv2_models.SESV2Backend, _name)))


# ECR: a repository's URI names the registry <account>.dkr.ecr.<region>.
# amazonaws.com, which nothing here can reach. With WPECS_MOTO_ECR_REGISTRY
# (host:port of the local OCI registry the test starts) the URI names that
# registry instead, so the image build pushes to it and the task definition
# names what it holds.
_ecr_registry = os.environ.get("WPECS_MOTO_ECR_REGISTRY")
if _ecr_registry:
    _ecr_repository_init = ecr_models.Repository.__init__

    def _ecr_repository_init_local_registry(self, *args, **kwargs):
        _ecr_repository_init(self, *args, **kwargs)
        self.uri = f"{_ecr_registry}/{self.name}"

    ecr_models.Repository.__init__ = _ecr_repository_init_local_registry


# Route 53: moto's hosted zone IDs are random letters; AWS's start with "Z",
# which the modules check (route53_zone_id). Keep moto's ID, starting with Z.
from moto.route53 import models as route53_models  # noqa: E402

_zone_generate = route53_models.HostedZoneIdentifier.generate


def _zone_id_with_z(self, *args, **kwargs):
    zone_id = _zone_generate(self, *args, **kwargs)
    return zone_id if zone_id.startswith("Z") else "Z" + zone_id[1:]


route53_models.HostedZoneIdentifier.generate = _zone_id_with_z


# CloudFront: moto has no cache policies (CreateCachePolicy answers 404).
# Kept here by ID, with the configuration stored as the provider sent it
# (rest-xml), which is what GetCachePolicy answers; an ETag per version.
from moto.cloudfront import urls as cloudfront_urls  # noqa: E402

_cache_policies: dict[str, dict] = {}
_CF_NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/"


def _cache_policy_config(body: str) -> str:
    body = body.decode() if isinstance(body, bytes) else body
    if body.startswith("<?xml"):
        body = body.split("?>", 1)[1]
    return body.strip()


def _cache_policy_xml(policy_id: str) -> str:
    p = _cache_policies[policy_id]
    config = p["config"].replace(f' xmlns="{_CF_NS}"', "")
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><CachePolicy xmlns="{_CF_NS}"><Id>{policy_id}</Id>'
        f"<LastModifiedTime>{p['modified']}</LastModifiedTime>{config}</CachePolicy>"
    )


def _cache_policy(request, full_url, headers):
    path = full_url.split("?", 1)[0].rstrip("/")
    tail = path.split("/2020-05-31/cache-policy", 1)[1].strip("/")
    policy_id = tail.split("/", 1)[0] if tail else None
    now = utcnow().strftime("%Y-%m-%dT%H:%M:%S.000Z")
    not_found = (
        404,
        {"Content-Type": "text/xml"},
        f'<?xml version="1.0"?><ErrorResponse xmlns="{_CF_NS}"><Error><Type>Sender</Type>'
        f"<Code>NoSuchCachePolicy</Code><Message>The cache policy does not exist.</Message></Error></ErrorResponse>",
    )
    body = request.data if hasattr(request, "data") else request.body
    if request.method == "POST" and policy_id is None:
        policy_id = str(mock_random.uuid4())
        _cache_policies[policy_id] = {
            "config": _cache_policy_config(body),
            "modified": now,
            "etag": mock_random.get_random_hex(14).upper(),
        }
        p = _cache_policies[policy_id]
        return (
            201,
            {"ETag": p["etag"], "Location": f"{path}/{policy_id}", "Content-Type": "text/xml"},
            _cache_policy_xml(policy_id),
        )
    if policy_id not in _cache_policies:
        return not_found
    p = _cache_policies[policy_id]
    if request.method == "GET":
        return 200, {"ETag": p["etag"], "Content-Type": "text/xml"}, _cache_policy_xml(policy_id)
    if request.method == "PUT":
        p.update(config=_cache_policy_config(body), modified=now, etag=mock_random.get_random_hex(14).upper())
        return 200, {"ETag": p["etag"], "Content-Type": "text/xml"}, _cache_policy_xml(policy_id)
    if request.method == "DELETE":
        del _cache_policies[policy_id]
        return 204, {}, ""
    return 405, {}, ""


cloudfront_urls.url_paths["{0}/2020-05-31/cache-policy$"] = _cache_policy
cloudfront_urls.url_paths["{0}/2020-05-31/cache-policy/(?P<cache_policy_id>[^/]+)$"] = _cache_policy
cloudfront_urls.url_paths["{0}/2020-05-31/cache-policy/(?P<cache_policy_id>[^/]+)/config$"] = _cache_policy


# CloudFront distributions: moto answers a behaviour that names a cache
# policy with legacy ForwardedValues too, and a viewer certificate from ACM
# with CloudFrontDefaultCertificate true; AWS answers neither, and the
# provider then plans to remove them on every run.
from moto.cloudfront import models as cloudfront_models  # noqa: E402

_cf_behaviour_init = cloudfront_models.DefaultCacheBehaviour.__init__


def _cf_behaviour_init_policy(self, config):
    _cf_behaviour_init(self, config)
    if config.get("CachePolicyId") and not config.get("ForwardedValues"):
        self.forwarded_values = None


cloudfront_models.DefaultCacheBehaviour.__init__ = _cf_behaviour_init_policy

_cf_certificate_init = cloudfront_models.ViewerCertificate.__init__


def _cf_certificate_init_acm(self, config):
    _cf_certificate_init(self, config)
    if "CloudFrontDefaultCertificate" not in config and (
        config.get("ACMCertificateArn") or config.get("IAMCertificateId")
    ):
        self.cloud_front_default_certificate = False


cloudfront_models.ViewerCertificate.__init__ = _cf_certificate_init_acm


# ElastiCache: a replication group's member clusters (<group>-001, -002, ...)
# are only names in moto: DescribeCacheClusters answers CacheClusterNotFound
# for them, and the provider reads the primary's to finish a create. Create
# them with the group. DeleteReplicationGroup leaves the group "deleting"
# forever, so a destroy waits until its timeout: remove it and its clusters.
_ec_create_rg = elasticache_models.ElastiCacheBackend.create_replication_group
_ec_delete_rg = elasticache_models.ElastiCacheBackend.delete_replication_group


def _ec_create_rg_with_clusters(self, *args, **kwargs):
    # moto makes one member unless ReplicasPerNodeGroup is given; AWS makes NumCacheClusters.
    if not kwargs.get("replicas_per_node_group") and (kwargs.get("num_cache_clusters") or 1) > 1:
        kwargs["replicas_per_node_group"] = kwargs["num_cache_clusters"] - 1
    rg = _ec_create_rg(self, *args, **kwargs)
    for _i, cluster_id in enumerate(rg.member_clusters):
        if cluster_id in self.cache_clusters:
            continue
        cluster = elasticache_models.CacheCluster(
            account_id=self.account_id,
            region_name=self.region_name,
            cache_cluster_id=cluster_id,
            cache_node_type=rg.cache_node_type,
            replication_group_id=rg.replication_group_id,
            az_mode=None,
            preferred_availability_zone=None,
            num_cache_nodes=1,
            engine=rg.engine,
            engine_version=rg.engine_version,
            cache_parameter_group_name=rg.cache_parameter_group_name,
            cache_subnet_group_name=rg.cache_subnet_group_name,
            transit_encryption_enabled=rg.transit_encryption_enabled,
            network_type=rg.network_type,
            ip_discovery=rg.ip_discovery,
            snapshot_name=None,
            preferred_maintenance_window=rg.preferred_maintenance_window,
            port=rg.port,
            notification_topic_arn=None,
            auto_minor_version_upgrade=rg.auto_minor_version_upgrade,
            snapshot_retention_limit=rg.snapshot_retention_limit,
            snapshot_window=rg.snapshot_window,
            auth_token=None,
            outpost_mode=None,
            preferred_outpost_arn=None,
            preferred_availability_zones=None,
            cache_security_group_names=None,
            security_group_ids=rg.security_group_ids,
            tags=None,
            snapshot_arns=None,
            preferred_outpost_arns=None,
            log_delivery_configurations=[],
            cache_node_ids_to_remove=None,
            cache_node_ids_to_reboot=None,
        )
        # moto sets these for engine "redis" only; valkey clusters are the same kind.
        cluster.num_cache_nodes = 1
        cluster.replication_group_id = rg.replication_group_id
        cluster.snapshot_arns, cluster.snapshot_name, cluster.snapshot_window = [], None, rg.snapshot_window
        cluster.auth_token_enabled = rg.auth_token_enabled
        # What the provider reads from the primary cluster, as AWS reports it.
        cluster.at_rest_encryption_enabled = rg.at_rest_encryption_enabled
        cluster.transit_encryption_mode = rg.transit_encryption_mode
        cluster.security_groups = [
            {"SecurityGroupId": g, "Status": "active"} for g in rg.security_group_ids or []
        ]
        self.cache_clusters[cluster_id] = cluster
    return rg


def _ec_delete_rg_at_once(self, replication_group_id, retain_primary_cluster=None):
    rg = _ec_delete_rg(self, replication_group_id, retain_primary_cluster)
    self.replication_groups.pop(replication_group_id, None)
    for cluster_id in list(self.cache_clusters):
        if getattr(self.cache_clusters[cluster_id], "replication_group_id", None) == replication_group_id:
            del self.cache_clusters[cluster_id]
    return rg


elasticache_models.ElastiCacheBackend.create_replication_group = _ec_create_rg_with_clusters
elasticache_models.ElastiCacheBackend.delete_replication_group = _ec_delete_rg_at_once


# ElastiCache: DeleteCacheSubnetGroup is not implemented (500), so destroying
# a subnet group waits until the provider's timeout.
def _ec_delete_cache_subnet_group(self):
    name = self._get_param("CacheSubnetGroupName")
    if self.elasticache_backend.cache_subnet_groups.pop(name, None) is None:
        raise elasticache_exceptions.CacheSubnetGroupNotFound(name)
    return EmptyResult()


elasticache_responses.ElastiCacheResponse.delete_cache_subnet_group = _ec_delete_cache_subnet_group


# AWS Backup: backup selections (CreateBackupSelection, GetBackupSelection,
# DeleteBackupSelection, ListBackupSelections) are not implemented, so the
# plan's selection of the database and the file system cannot be created.
# Kept by plan and ID as sent.
_backup_selections = {}


def _backup_path_ids(path):
    parts = [p for p in path.split("?")[0].split("/") if p]
    # backup/plans/<plan>/selections[/<selection>]
    return parts[2], (parts[4] if len(parts) > 4 else None)


def _backup_create_backup_selection(self):
    plan_id, _ = _backup_path_ids(self.path)
    body = json.loads(self.body)
    selection_id = mock_random.get_random_hex(32)
    _backup_selections[(plan_id, selection_id)] = {
        "BackupSelection": body["BackupSelection"],
        "BackupPlanId": plan_id,
        "SelectionId": selection_id,
        "CreationDate": utcnow().timestamp(),
        "CreatorRequestId": body.get("CreatorRequestId"),
    }
    return json.dumps(
        {"SelectionId": selection_id, "BackupPlanId": plan_id, "CreationDate": utcnow().timestamp()}
    )


def _backup_get_backup_selection(self):
    plan_id, selection_id = _backup_path_ids(self.path)
    found = _backup_selections.get((plan_id, selection_id))
    if found is None:
        return (
            404,
            {"x-amzn-ErrorType": "ResourceNotFoundException"},
            json.dumps({"__type": "ResourceNotFoundException", "Message": "selection not found"}),
        )
    return json.dumps(found)


def _backup_delete_backup_selection(self):
    plan_id, selection_id = _backup_path_ids(self.path)
    _backup_selections.pop((plan_id, selection_id), None)
    return "{}"


def _backup_list_backup_selections(self):
    plan_id, _ = _backup_path_ids(self.path)
    return json.dumps(
        {
            "BackupSelectionsList": [
                {
                    "SelectionId": sid,
                    "SelectionName": v["BackupSelection"]["SelectionName"],
                    "BackupPlanId": pid,
                    "IamRoleArn": v["BackupSelection"]["IamRoleArn"],
                    "CreationDate": v["CreationDate"],
                }
                for (pid, sid), v in _backup_selections.items()
                if pid == plan_id
            ]
        }
    )


# AWS Backup: restore jobs (StartRestoreJob, DescribeRestoreJob) and recovery
# points do not exist in moto. An EFS restore to a new file system creates
# that file system (with the creation token asked for) and completes at once,
# so make restore-aws can run through (the test names the files' recovery
# point with FILES_FROM: moto has none to list).
_restore_jobs = {}


def _backup_start_restore_job(self):
    body = json.loads(self.body)
    meta = body.get("Metadata", {})
    job_id = mock_random.get_random_hex(32).upper()
    job = {
        "RestoreJobId": job_id,
        "RecoveryPointArn": body["RecoveryPointArn"],
        "IamRoleArn": body["IamRoleArn"],
        "ResourceType": body.get("ResourceType"),
        "CreationDate": utcnow().timestamp(),
        "Status": "COMPLETED",
    }
    if body.get("ResourceType") == "EFS" and meta.get("newFileSystem") == "true":
        efs = efs_models.efs_backends[self.current_account][self.region]
        fs = efs.create_file_system(
            creation_token=meta.get("CreationToken") or job_id,
            performance_mode=meta.get("PerformanceMode", "generalPurpose"),
            encrypted=meta.get("Encrypted") == "true",
            kms_key_id=meta.get("KmsKeyId"),
            throughput_mode="bursting",
            provisioned_throughput_in_mibps=None,
            availability_zone_name=None,
            backup=False,
            tags=[],
        )
        job["CreatedResourceArn"] = fs.file_system_arn
    else:
        job.update(Status="FAILED", StatusMessage="only EFS restores to a new file system are emulated")
    _restore_jobs[job_id] = job
    return json.dumps({"RestoreJobId": job_id})


def _backup_describe_restore_job(self):
    job_id = [p for p in self.path.split("?")[0].split("/") if p][-1]
    return json.dumps(_restore_jobs[job_id])


# AWS Backup: ListTags reads the ARN as the path's second-to-last part, which
# holds only for a trailing slash (the CLI's); the provider sends none, gets
# no tags, and every plan adds the tags again.
def _backup_list_tags(self):
    from urllib.parse import unquote

    resource_arn = unquote(self.path.split("?")[0].split("/tags/", 1)[1].rstrip("/"))
    return json.dumps({"Tags": self.backup_backend.list_tags(resource_arn=resource_arn)})


for _name, _fn in {
    "list_tags": _backup_list_tags,
    "create_backup_selection": _backup_create_backup_selection,
    "get_backup_selection": _backup_get_backup_selection,
    "delete_backup_selection": _backup_delete_backup_selection,
    "list_backup_selections": _backup_list_backup_selections,
    "start_restore_job": _backup_start_restore_job,
    "describe_restore_job": _backup_describe_restore_job,
}.items():
    setattr(backup_responses.BackupResponse, _name, _fn)
backup_urls.url_paths.update(
    {
        "{0}/restore-jobs/?$": backup_urls.response.dispatch,
        "{0}/restore-jobs/(?P<job>[^/]+)$": backup_urls.response.dispatch,
    }
)


if __name__ == "__main__":
    from moto.server import main

    sys.exit(main())
