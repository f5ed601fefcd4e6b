# dev: small and cheap, easy to throw away. Region: AWS_REGION.
environment = "dev"

az_count           = 2
single_nat_gateway = true

instance_type    = "t3.small"
cluster_min_size = 1
cluster_max_size = 3

alb_deletion_protection = false

db_instance_class          = "db.t4g.micro"
db_multi_az                = false
db_backup_retention_period = 1
db_deletion_protection     = false
db_skip_final_snapshot     = true

efs_backup_enabled     = false
ecr_force_delete       = true
ecr_keep_tagged_images = 10
