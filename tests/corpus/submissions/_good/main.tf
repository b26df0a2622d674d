provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true

  endpoints {
    s3       = "http://localhost:4566"
    lambda   = "http://localhost:4566"
    iam      = "http://localhost:4566"
    sts      = "http://localhost:4566"
    events   = "http://localhost:4566"
    dynamodb = "http://localhost:4566"
    logs     = "http://localhost:4566"
  }
}

# Reto 2
resource "aws_s3_bucket" "data_lake" {
  bucket        = "mi-data-lake"
  force_destroy = true
}

# Reto 3
resource "aws_lambda_function" "hello" {
  filename         = "lambdas/hello.zip"
  function_name    = "hello-lambda"
  role             = "arn:aws:iam::000000000000:role/lambda-role"
  handler          = "hello.handler"
  runtime          = "python3.9"
  source_code_hash = filebase64sha256("lambdas/hello.zip")
}

# Retos 4 y 5
resource "aws_lambda_function" "capturar_iss" {
  filename         = "lambdas/capturar_iss.zip"
  function_name    = "capturar-iss"
  role             = "arn:aws:iam::000000000000:role/lambda-role"
  handler          = "capturar_iss.handler"
  runtime          = "python3.9"
  timeout          = 30
  source_code_hash = filebase64sha256("lambdas/capturar_iss.zip")
}

# Reto 6
resource "aws_cloudwatch_event_rule" "cada_minuto" {
  name                = "captura-iss-schedule"
  description         = "Ejecuta Lambda cada minuto"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "lambda_target" {
  rule      = aws_cloudwatch_event_rule.cada_minuto.name
  target_id = "captura-iss"
  arn       = aws_lambda_function.capturar_iss.arn
}

resource "aws_lambda_permission" "allow_eventbridge" {
  statement_id  = "AllowExecutionFromEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.capturar_iss.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.cada_minuto.arn
}

# Reto 7
resource "aws_dynamodb_table" "capturas_metadata" {
  name         = "capturas-iss"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "capture_id"

  attribute {
    name = "capture_id"
    type = "S"
  }
}
