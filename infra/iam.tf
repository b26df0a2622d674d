# One role per function, each allowed only what its code does.

data "aws_iam_policy_document" "lambda_assume_role" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "hello" {
  name               = "hello-lambda-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

# hello only writes log lines, to its own group (Terraform creates the group itself).
data "aws_iam_policy_document" "hello" {
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.hello.arn}:*"]
  }
}

resource "aws_iam_role_policy" "hello" {
  name   = "hello-lambda-logs"
  role   = aws_iam_role.hello.id
  policy = data.aws_iam_policy_document.hello.json
}

resource "aws_iam_role" "capturar_iss" {
  name               = "capturar-iss-role"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume_role.json
}

# capturar-iss writes captures under raw/iss/ (no reads, no other prefix), puts one item
# per capture in its table, and logs to its own group.
data "aws_iam_policy_document" "capturar_iss" {
  statement {
    sid       = "WriteCaptures"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.data_lake.arn}/raw/iss/*"]
  }
  statement {
    sid       = "IndexCaptures"
    actions   = ["dynamodb:PutItem"]
    resources = [aws_dynamodb_table.captures.arn]
  }
  statement {
    sid       = "WriteOwnLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.capturar_iss.arn}:*"]
  }
}

resource "aws_iam_role_policy" "capturar_iss" {
  name   = "capturar-iss-access"
  role   = aws_iam_role.capturar_iss.id
  policy = data.aws_iam_policy_document.capturar_iss.json
}
