#!/bin/sh
# azd postdeploy hook: azd deployed the new host image to the api app (service "api"); give the worker app and
# the scheduler job the same image. The values come from the azd environment (main.bicep outputs + azd).
set -eu
: "${AZURE_RESOURCE_GROUP:?run through azd (azd deploy / azd up)}"
: "${SERVICE_API_IMAGE_NAME:?azd did not record the deployed image}"
: "${WORKER_APP_NAME:?missing output of infra/main.bicep}"
: "${SCHEDULER_JOB_NAME:?missing output of infra/main.bicep}"

echo "worker    <- $SERVICE_API_IMAGE_NAME"
az containerapp update --name "$WORKER_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --image "$SERVICE_API_IMAGE_NAME" --output none
echo "scheduler <- $SERVICE_API_IMAGE_NAME"
az containerapp job update --name "$SCHEDULER_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --image "$SERVICE_API_IMAGE_NAME" --output none
