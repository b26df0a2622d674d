# The names the course asks for, in one place.
locals {
  bucket_name  = "mi-data-lake"
  table_name   = "capturas-iss"
  hello_name   = "hello-lambda"
  capture_name = "capturar-iss"
  rule_name    = "captura-iss-schedule"

  # Zips are built by `isslab build` (reproducible bytes, so the hash changes only with the code).
  build_dir = "${path.module}/../build"
}
