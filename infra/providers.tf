# The provider talks to an emulator, not to AWS: every service this lab uses is sent to
# var.endpoint_url, with dummy credentials and none of the calls that need a real account.
provider "aws" {
  region     = var.region
  access_key = "test"
  secret_key = "test"

  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true

  # Emulators serve buckets at <endpoint>/<bucket>; virtual-hosted names would need DNS.
  s3_use_path_style = true

  endpoints {
    dynamodb = var.endpoint_url
    events   = var.endpoint_url
    iam      = var.endpoint_url
    lambda   = var.endpoint_url
    logs     = var.endpoint_url
    s3       = var.endpoint_url
    sts      = var.endpoint_url
  }
}
