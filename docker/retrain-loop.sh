#!/bin/sh
# Model lifecycle for docker compose: train and publish the first model version from the mounted data
# (also kept as /models/current), then every RETRAIN_INTERVAL_S seconds run `recon retrain`, which builds
# a candidate from the last RETRAIN_WINDOW of the input topic (minus alerted and flagged records) and
# publishes it to the model topic only if it passes; running scorers swap it in without a restart.
set -eu
: "${BOOTSTRAP:=kafka:9092}"
: "${RETRAIN_INTERVAL_S:=86400}"
: "${RETRAIN_WINDOW:=24h}"
: "${TRAIN_ARGS:=--model dense-ae --data /data/training.csv}"
recon() { java -XX:MaxRAMPercentage=75 -Dai.djl.offline=true -cp "/opt/recon/recon-cli.jar:/opt/recon/lib/*" io.recon.cli.Main "$@"; }
if [ ! -e /models/current/model.onnx ]; then
  version=$(date -u +%Y%m%dT%H%M%SZ)
  # shellcheck disable=SC2086
  recon train $TRAIN_ARGS --name recon --model-version "$version" --out "/models/$version" --quiet \
    --publish --bootstrap "$BOOTSTRAP"
  ln -sfn "/models/$version" /models/current
fi
while true; do
  sleep "$RETRAIN_INTERVAL_S"
  recon retrain --bootstrap "$BOOTSTRAP" --since "$RETRAIN_WINDOW" --model-name recon || echo "retrain: failed; the serving model stays" >&2
done
