# prod: three AZs with a NAT gateway each, a Multi-AZ database that cannot be
# deleted by accident, a week of backups. Region: AWS_REGION.
environment = "prod"

az_count           = 3
single_nat_gateway = false

instance_type    = "t3.medium"
cluster_min_size = 3
cluster_max_size = 9

alb_deletion_protection = true

db_instance_class          = "db.m7g.large"
db_allocated_storage       = 50
db_multi_az                = true
db_backup_retention_period = 14
db_deletion_protection     = true
db_skip_final_snapshot     = false
db_performance_insights    = true

efs_backup_enabled     = true
ecr_force_delete       = false
ecr_keep_tagged_images = 50
