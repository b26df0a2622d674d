terraform {
  # Nothing here is newer than Terraform 1.0; the suite runs it with 1.11.
  required_version = ">= 1.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Every 5.x release accepts this configuration; 6.0 changed the provider's arguments.
      version = ">= 5.0, < 6.0"
    }
  }
}
