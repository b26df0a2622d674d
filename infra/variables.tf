variable "endpoint_url" {
  description = "Where the AWS API lives: LocalStack's gateway by default, any emulator's URL otherwise."
  type        = string
  default     = "http://localhost:4566"
}

variable "region" {
  description = "AWS region the resources are created in."
  type        = string
  default     = "us-east-1"
}

variable "lambda_runtime" {
  description = "Python runtime of both functions."
  type        = string
  # The course says python3.9, but AWS deprecated it on 2025-12-15 (no more security patches,
  # and creating functions with it gets blocked next). 3.12 is supported on AWS until 2028
  # and is offered by LocalStack 4.x.
  default = "python3.12"
}

variable "iss_api_url" {
  description = "ISS position API that capturar-iss calls; point it at a fake service to test offline."
  type        = string
  default     = "https://api.wheretheiss.at/v1/satellites/25544"
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the functions' log lines."
  type        = number
  default     = 7
}
