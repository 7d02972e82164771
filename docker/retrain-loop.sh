#!/bin/sh
# Periodic retraining for docker compose: train a new model version from the mounted data every
# RETRAIN_INTERVAL_S seconds and swap it into /models/current. A model that fails to train leaves the
# current one in place.
set -eu
: "${RETRAIN_INTERVAL_S:=86400}"
: "${RETRAIN_ARGS:=--model dense-ae --data /data/training.csv --label-column label --normal-label 0}"
recon() { java -XX:MaxRAMPercentage=75 -Dai.djl.offline=true -cp "/opt/recon/recon-cli.jar:/opt/recon/lib/*" io.recon.cli.Main "$@"; }
while true; do
  version=$(date -u +%Y%m%dT%H%M%SZ)
  # shellcheck disable=SC2086
  if recon train $RETRAIN_ARGS --name recon --model-version "$version" --out "/models/$version" --quiet; then
    ln -sfn "/models/$version" /models/current.tmp && mv -T /models/current.tmp /models/current
    echo "retrain: model version $version is now /models/current"
  else
    echo "retrain: training failed; keeping the current model" >&2
  fi
  sleep "$RETRAIN_INTERVAL_S"
done
