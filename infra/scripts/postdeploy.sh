#!/bin/sh
# azd postdeploy hook: azd deployed the new host image to the api app (service "api"); give the worker app and
# the scheduler (an app or a job, see SCHEDULER_KIND) the same image. Values come from the azd environment
# (outputs of infra/main.bicep, and SERVICE_API_IMAGE_NAME recorded by azd).
set -eu
: "${AZURE_RESOURCE_GROUP:?run through azd (azd deploy / azd up)}"
: "${SERVICE_API_IMAGE_NAME:?azd did not record the deployed image}"
: "${WORKER_APP_NAME:?missing output of infra/main.bicep}"
: "${SCHEDULER_NAME:?missing output of infra/main.bicep}"
: "${SCHEDULER_KIND:?missing output of infra/main.bicep}"

echo "worker    <- $SERVICE_API_IMAGE_NAME"
az containerapp update --name "$WORKER_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --image "$SERVICE_API_IMAGE_NAME" --output none

echo "scheduler ($SCHEDULER_KIND) <- $SERVICE_API_IMAGE_NAME"
if [ "$SCHEDULER_KIND" = "job" ]; then
  az containerapp job update --name "$SCHEDULER_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
    --image "$SERVICE_API_IMAGE_NAME" --output none
else
  az containerapp update --name "$SCHEDULER_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
    --image "$SERVICE_API_IMAGE_NAME" --output none
fi
