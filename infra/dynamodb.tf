# Reto 7: one metadata item per capture, keyed by the capture's ISO-8601 timestamp.
resource "aws_dynamodb_table" "captures" {
  name         = "capturas-iss"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "capture_id"

  # Only key attributes are declared; the other fields are schemaless.
  attribute {
    name = "capture_id"
    type = "S"
  }
}
