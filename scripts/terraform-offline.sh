#!/usr/bin/env bash
# Make sure `terraform init` can install hashicorp/aws without the internet.
#
# Terraform is configured by the CLI configuration file named in TF_CLI_CONFIG_FILE (or
# ~/.terraformrc). When that file is missing and this machine carries an unpacked provider
# mirror, write a configuration that installs from the mirror. An existing configuration
# is never changed.
set -euo pipefail

config="${TF_CLI_CONFIG_FILE:-$HOME/.terraformrc}"
if [ -s "$config" ]; then
    echo "using the existing Terraform CLI configuration $config"
    exit 0
fi

mirror=""
for base in "$HOME/.terraform.d/plugins" /usr/local/share/terraform/plugins \
            /usr/share/terraform/plugins /opt/*; do
    if [ -d "$base/registry.terraform.io/hashicorp/aws" ]; then
        mirror="$base"
        break
    fi
done
if [ -z "$mirror" ]; then
    echo "no local provider mirror found; terraform init will use the registry"
    exit 0
fi

mkdir -p "$(dirname "$config")"
cat > "$config" <<CONF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
CONF
echo "wrote $config: hashicorp providers from the mirror $mirror"
