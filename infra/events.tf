# Reto 6: EventBridge runs the capture every minute.
resource "aws_cloudwatch_event_rule" "every_minute" {
  name                = "captura-iss-schedule"
  description         = "Captures the ISS position every minute"
  schedule_expression = "rate(1 minute)"
}

resource "aws_cloudwatch_event_target" "capturar_iss" {
  rule      = aws_cloudwatch_event_rule.every_minute.name
  target_id = "captura-iss"
  arn       = aws_lambda_function.capturar_iss.arn
}

# Without this resource policy EventBridge may not invoke the function; source_arn limits
# the grant to this one rule.
resource "aws_lambda_permission" "allow_eventbridge" {
  statement_id  = "AllowExecutionFromEventBridge"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.capturar_iss.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.every_minute.arn
}
