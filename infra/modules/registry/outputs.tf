output "repository_url" {
  description = "URL to push to and pull from (<account>.dkr.ecr.<region>.amazonaws.com/<name>), without a tag."
  value       = local.repository_url
}

output "repository_arn" {
  description = "ARN of the repository (for pull permissions in the task execution role)."
  value       = local.repository_arn
}

output "repository_name" {
  description = "Name of the repository."
  value       = var.name
}

output "owned" {
  description = "true when this module created the repository (the environment images are built into), false when it reads a shared one."
  value       = var.create
}
