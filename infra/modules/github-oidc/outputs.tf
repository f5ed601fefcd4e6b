output "provider_arn" {
  description = "ARN of the GitHub OIDC identity provider the roles trust."
  value       = local.provider_arn
}

output "plan_role_arn" {
  description = "Read-only role for pull requests (make plan): the repository variable AWS_PLAN_ROLE_ARN."
  value       = aws_iam_role.plan.arn
}

output "deploy_role_arn" {
  description = "Deploy role for tag builds, per GitHub environment (make create-all / wordpress / promote): the repository variable AWS_DEPLOY_ROLE_ARN."
  value       = aws_iam_role.deploy.arn
}

output "plan_subjects" {
  description = "OIDC subjects (sub claim) the plan role trusts."
  value       = local.plan_subjects
}

output "deploy_subjects" {
  description = "OIDC subjects (sub claim) the deploy role trusts: one per GitHub environment."
  value       = local.deploy_subjects
}
