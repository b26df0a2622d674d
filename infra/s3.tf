# Reto 2: the data lake. Captures land under raw/iss/ (the bronze layer).
resource "aws_s3_bucket" "data_lake" {
  bucket = "mi-data-lake"

  # The schedule fills the bucket every minute; without this `terraform destroy` stops with
  # BucketNotEmpty. Fine for a lab; a real data lake would keep its data instead.
  force_destroy = true
}
