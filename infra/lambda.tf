# The zips come from `isslab build` (reproducible bytes: the hash changes only with the code).

# Reto 3: the greeting function.
resource "aws_lambda_function" "hello" {
  function_name    = "hello-lambda"
  role             = aws_iam_role.hello.arn
  handler          = "hello.handler"
  runtime          = var.lambda_runtime
  filename         = "${path.module}/../build/hello.zip"
  source_code_hash = filebase64sha256("${path.module}/../build/hello.zip")

  # Create the log group (with its retention) first, or the first invoke creates one without.
  depends_on = [aws_cloudwatch_log_group.hello]
}

# Retos 4, 5 and 7: capture the ISS position, store it in S3, index it in DynamoDB.
resource "aws_lambda_function" "capturar_iss" {
  function_name    = "capturar-iss"
  role             = aws_iam_role.capturar_iss.arn
  handler          = "capturar_iss.handler"
  runtime          = var.lambda_runtime
  filename         = "${path.module}/../build/capturar_iss.zip"
  source_code_hash = filebase64sha256("${path.module}/../build/capturar_iss.zip")

  # The HTTP call may take its full 5 s client timeout, then S3 and DynamoDB each take a
  # round trip (plus a cold start); the default 3 s would cut it short.
  timeout     = 15
  memory_size = 128

  environment {
    variables = {
      BUCKET_NAME = aws_s3_bucket.data_lake.bucket
      TABLE_NAME  = aws_dynamodb_table.captures.name
      ISS_API_URL = var.iss_api_url
    }
  }

  depends_on = [aws_cloudwatch_log_group.capturar_iss]
}

resource "aws_cloudwatch_log_group" "hello" {
  name              = "/aws/lambda/hello-lambda"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "capturar_iss" {
  name              = "/aws/lambda/capturar-iss"
  retention_in_days = var.log_retention_days
}
