output "bucket_name" {
  description = "The data lake bucket."
  value       = aws_s3_bucket.data_lake.bucket
}

output "hello_function_name" {
  value = aws_lambda_function.hello.function_name
}

output "hello_function_arn" {
  value = aws_lambda_function.hello.arn
}

output "capture_function_name" {
  value = aws_lambda_function.capturar_iss.function_name
}

output "capture_function_arn" {
  value = aws_lambda_function.capturar_iss.arn
}

output "schedule_rule_name" {
  value = aws_cloudwatch_event_rule.every_minute.name
}

output "table_name" {
  value = aws_dynamodb_table.captures.name
}
