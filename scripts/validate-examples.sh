#!/usr/bin/env bash
# make examples-check (second half): `terraform validate` on every example
# directory against the provider built from this checkout.
#
# Terraform installs the provider from a plugin directory holding the local
# build (`terraform init -plugin-dir`, scripts/lib/plugin_dir.sh), so nothing
# is downloaded, and configurations that call a local module (the scenarios,
# the module tests' fixtures) get it installed. In a module directory,
# validate also checks the structure of its tests/*.tftest.hcl files.
#
# The examples are validated in a copy of examples/: resource and data source
# examples are snippets for the documentation and do not declare
# `required_providers`, without which Terraform would look for hashicorp/d360;
# the copy gets that declaration added.
#
# Environment: TERRAFORM (default /usr/local/bin/terraform).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=scripts/lib/plugin_dir.sh
source scripts/lib/plugin_dir.sh

TERRAFORM=${TERRAFORM:-/usr/local/bin/terraform}
command -v "$TERRAFORM" >/dev/null || {
	echo "error: Terraform not found at $TERRAFORM (set TERRAFORM=/path/to/terraform)" >&2
	exit 1
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

plugin_dir_build "$TMP/plugins"
plugin_dir_env "$TMP"

mapfile -t dirs < <(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -not -path '*/.terraform/*' -exec dirname {} \; | sort -u)
if ((${#dirs[@]} == 0)); then
	echo "error: no example found under examples/" >&2
	exit 1
fi

# One copy of the whole tree, so relative module sources resolve. Examples
# may also refer to files next to them (pictures).
mkdir -p "$TMP/work"
cp -R examples "$TMP/work/"
find "$TMP/work" \( -name .terraform -o -name .terraform.lock.hcl -o -name 'terraform.tfstate*' \) -prune -exec rm -rf {} +

# Examples of newer features validate only on a Terraform that has them:
# import blocks with identity need 1.12, actions and list resources (in
# .tfquery.hcl files, checked with `validate -query`) 1.14. Older versions
# check the rest and say what they skipped.
tf_version=$("$TERRAFORM" version | sed -n '1s/^Terraform v\([0-9.]*\).*/\1/p')
version_at_least() { [[ -n $tf_version && $(printf '%s\n%s\n' "$1" "$tf_version" | sort -V | head -n1) == "$1" ]]; }

failed=()
skipped=0
for dir in "${dirs[@]}"; do
	if [[ $dir == examples/actions/* || $dir == examples/list-resources/* ]] && ! version_at_least 1.14.0; then
		printf 'skip  %s (needs Terraform 1.14; this is %s)\n' "$dir" "${tf_version:-not Terraform}"
		skipped=$((skipped + 1))
		continue
	fi
	work=$TMP/work/$dir
	if [[ -e $work/import-by-identity.tf ]] && ! version_at_least 1.12.0; then
		printf 'skip  %s/import-by-identity.tf (needs Terraform 1.12)\n' "$dir"
		rm "$work/import-by-identity.tf"
	fi
	query=()
	if compgen -G "$work/*.tfquery.hcl" >/dev/null; then
		query=(-query)
	fi
	if ! grep -qs 'required_providers' "$work"/*.tf; then
		cat >"$work/zz_validate_providers.tf" <<'EOT'
terraform {
  required_providers {
    d360 = {
      source = "d360/d360"
    }
  }
}
EOT
	fi
	if out=$(plugin_dir_init "$TERRAFORM" "$TMP/plugins" "$work" -backend=false 2>&1) &&
		out=$("$TERRAFORM" -chdir="$work" validate -no-color "${query[@]}" 2>&1); then
		printf 'ok    %s\n' "$dir"
	else
		printf 'FAIL  %s\n' "$dir"
		sed 's/^/      | /' <<<"$out"
		failed+=("$dir")
	fi
done

if ((${#failed[@]} > 0)); then
	echo "error: ${#failed[@]} of ${#dirs[@]} example(s) failed terraform validate" >&2
	exit 1
fi
echo "all $((${#dirs[@]} - skipped)) example(s) checked are valid ($skipped skipped: they need a newer Terraform)"
