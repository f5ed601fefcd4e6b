output "id" {
  description = "ID of the security group."
  value       = aws_security_group.this.id
}

output "ingress_rules" {
  description = "What each rule admits, by the labels of allowed_security_group_ids: ip_protocol, from_port, to_port, referenced_security_group_id and cidr_ipv4 (always null: sources are groups, never address ranges)."
  value = { for k, r in aws_vpc_security_group_ingress_rule.from_source : k => {
    ip_protocol                  = r.ip_protocol
    from_port                    = r.from_port
    to_port                      = r.to_port
    referenced_security_group_id = r.referenced_security_group_id
    cidr_ipv4                    = r.cidr_ipv4
  } }
}
