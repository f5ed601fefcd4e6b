# Where resources stood in earlier versions of the modules, so that an upgrade
# moves them in the state instead of destroying and re-creating them (a new
# database security group or KMS key would cut off, or orphan, what uses the
# old one). They live here, with the state they move, rather than in each
# module: the same block would otherwise be written in every module that moved
# the same way (docs/decisions/0011-moved-blocks-in-the-stacks.md). A caller of
# a module of its own finds the same list in that module's README
# ("Upgrading"). `make test-aws-upgrade FROM=<commit>` proves the moves: an
# older tree's state plans with nothing to add or destroy.

# --- shared security-group module (cache, database, EFS) ----------------------

moved {
  from = module.cache[0].aws_security_group.this
  to   = module.cache[0].module.security_group.aws_security_group.this
}

moved {
  from = module.cache[0].aws_vpc_security_group_ingress_rule.from_source
  to   = module.cache[0].module.security_group.aws_vpc_security_group_ingress_rule.from_source
}

moved {
  from = module.database.aws_security_group.this
  to   = module.database.module.security_group.aws_security_group.this
}

moved {
  from = module.database.aws_vpc_security_group_ingress_rule.from_source
  to   = module.database.module.security_group.aws_vpc_security_group_ingress_rule.from_source
}

moved {
  from = module.efs.aws_security_group.this
  to   = module.efs.module.security_group.aws_security_group.this
}

# The rule was the first (and only) of a list before sources had labels; this
# stack's label is "workload" (main.tf), so the rule stays (a new description
# and Name, in place).
moved {
  from = module.efs.aws_vpc_security_group_ingress_rule.nfs[0]
  to   = module.efs.module.security_group.aws_vpc_security_group_ingress_rule.from_source["workload"]
}

# --- shared kms-key module (alarm topic, backup vaults, ECS Exec) --------------
# A new key would orphan what the old one encrypts (recovery points, alarms).

moved {
  from = module.monitoring.aws_kms_key.alarms[0]
  to   = module.monitoring.module.alarms_key[0].aws_kms_key.this
}

moved {
  from = module.monitoring.aws_kms_alias.alarms[0]
  to   = module.monitoring.module.alarms_key[0].aws_kms_alias.this
}

moved {
  from = module.backup.aws_kms_key.vault[0]
  to   = module.backup.module.vault_key[0].aws_kms_key.this
}

moved {
  from = module.backup.aws_kms_alias.vault[0]
  to   = module.backup.module.vault_key[0].aws_kms_alias.this
}

moved {
  from = module.backup_copy.aws_kms_key.vault[0]
  to   = module.backup_copy.module.vault_key[0].aws_kms_key.this
}

moved {
  from = module.backup_copy.aws_kms_alias.vault[0]
  to   = module.backup_copy.module.vault_key[0].aws_kms_alias.this
}

# The ECS Exec key's policy takes the module's first Sid, in place.
moved {
  from = module.ecs_cluster.aws_kms_key.exec[0]
  to   = module.ecs_cluster.module.exec_key[0].aws_kms_key.this
}

moved {
  from = module.ecs_cluster.aws_kms_alias.exec[0]
  to   = module.ecs_cluster.module.exec_key[0].aws_kms_alias.this
}

# --- shared dns-certificate module (load balancer, CDN) -----------------------

moved {
  from = module.load_balancer.aws_acm_certificate.this[0]
  to   = module.load_balancer.module.certificate[0].aws_acm_certificate.this
}

moved {
  from = module.load_balancer.aws_route53_record.validation
  to   = module.load_balancer.module.certificate[0].aws_route53_record.validation
}

moved {
  from = module.load_balancer.aws_acm_certificate_validation.this[0]
  to   = module.load_balancer.module.certificate[0].aws_acm_certificate_validation.this
}

moved {
  from = module.cdn[0].aws_acm_certificate.this
  to   = module.cdn[0].module.certificate.aws_acm_certificate.this
}

moved {
  from = module.cdn[0].aws_route53_record.validation
  to   = module.cdn[0].module.certificate.aws_route53_record.validation
}

moved {
  from = module.cdn[0].aws_acm_certificate_validation.this
  to   = module.cdn[0].module.certificate.aws_acm_certificate_validation.this
}

# --- single resources that became for_each or count instances -----------------

moved {
  from = module.mail[0].aws_route53_record.mail_from_mx
  to   = module.mail[0].aws_route53_record.mail_from["MX"]
}

moved {
  from = module.mail[0].aws_route53_record.mail_from_spf
  to   = module.mail[0].aws_route53_record.mail_from["TXT"]
}

# The repository became optional (registry's create = false reads a shared one).
moved {
  from = module.registry.aws_ecr_repository.this
  to   = module.registry.aws_ecr_repository.this[0]
}

moved {
  from = module.registry.aws_ecr_lifecycle_policy.this
  to   = module.registry.aws_ecr_lifecycle_policy.this[0]
}
