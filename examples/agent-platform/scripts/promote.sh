#!/usr/bin/env bash
# Promote image tags from one overlay to another via a pull request.
set -euo pipefail
from="$1"; to="$2"
src="deploy/overlays/$from/kustomization.yaml"
dst="deploy/overlays/$to/kustomization.yaml"
branch="promote-$from-to-$to-$(date +%Y%m%d%H%M%S)"

git switch -c "$branch"
for image in agent-registry gateway; do
  tag=$(awk -v img="ghcr.io/gsv/$image" '$0 ~ "name: "img {getline; print $2}' "$src")
  if [[ "$tag" == latest* ]]; then
    echo "refusing to promote a floating tag ($image:$tag)" >&2
    exit 1
  fi
  awk -v img="ghcr.io/gsv/$image" -v tag="$tag" \
    '{print} $0 ~ "name: "img {getline; sub(/newTag: .*/, "newTag: " tag); print}' "$dst" > "$dst.tmp"
  mv "$dst.tmp" "$dst"
done
git commit -am "Promote $from to $to"
git push -u origin "$branch"
gh pr create --title "Promote $from to $to" --body "Image tags copied from $src."
