// BranchRating on Azure Container Apps: one resource group holding monitoring, storage, the app identity and
// its roles, a container registry, a Key Vault and the Container Apps (api, worker, scheduler job).
// azd-compatible: `azd up` from the repository root (see azure.yaml and infra/README.md).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the environment (azd env name), e.g. "jiangsu-prod". Prefixes the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource, e.g. "eastasia".')
param location string

@description('Resource group name. Empty = "rg-<environmentName>".')
param resourceGroupName string = ''

@description('Host image, e.g. "<registry>.azurecr.io/branchrating-host:1.0". Empty = a placeholder until the first deploy.')
param imageName string = ''

@description('Object id of the deploying user (azd fills AZURE_PRINCIPAL_ID): gets Key Vault Secrets Officer. Empty = none.')
param principalId string = ''

@minLength(1)
@description('OpenID Connect authority whose tokens the API accepts (env Auth__Authority): Microsoft Entra ID "https://login.microsoftonline.com/<tenant id>/v2.0" (azd: AUTH_AUTHORITY). See infra/README.md, "Register the API in Entra ID".')
param authAuthority string

@minLength(1)
@description('Audience every accepted token carries (env Auth__Audience): for v2 Entra ID tokens the API app registration\'s client id (azd: AUTH_AUDIENCE).')
param authAudience string

@description('Most API replicas during a surge.')
@minValue(1)
@maxValue(300)
param apiMaxReplicas int = 10

@description('Concurrent HTTP requests per API replica before the HTTP rule adds one.')
@minValue(1)
param httpConcurrentRequests int = 50

@description('Most worker replicas during a surge.')
@minValue(1)
@maxValue(300)
param workerMaxReplicas int = 10

@description('Visible messages per queue per worker replica that the azure-queue rules aim at.')
@minValue(1)
param queueLengthTarget int = 20

@description('How the timers run: "job" = a Container Apps cron job, one execution per tick, scale to zero; "app" = one always-on scheduler replica running the timers on their own schedules.')
@allowed([
  'job'
  'app'
])
param schedulerHosting string = 'job'

@description('Overrides of the host\'s timer schedules (functions/BranchRating.Host/appsettings.json), by timer name: six-field UTC cron (env Schedules__<name>).')
param timerSchedules { *: string } = {}

@description('Job mode: minutes between scheduler executions (a divisor of 60). A due step closes at most this late.')
@allowed([
  1
  2
  3
  4
  5
  6
  10
  12
  15
  20
  30
])
param schedulerIntervalMinutes int = 5

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

// The queues and tables of shared/BranchRating.Contracts/StorageNames.cs (tests/BranchRating.Infra.Tests
// fails when the two lists differ).
var queueNames = [
  'submissions'
  'ranking'
  'notifications'
]
var tableNames = [
  'campaigns'
  'organizations'
  'submissions'
  'progress'
  'ballots'
  'scores'
  'results'
  'idempotency'
  'operations'
  'outbox'
  'subscriptions'
  'deliveries'
  'audit'
  'accessgrants'
]

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var names = {
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  identity: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
  registry: '${abbrs.containerRegistryRegistries}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
  environment: '${abbrs.appManagedEnvironments}${resourceToken}'
  api: '${abbrs.appContainerApps}api-${resourceToken}'
  worker: '${abbrs.appContainerApps}worker-${resourceToken}'
  scheduler: schedulerHosting == 'job' ? '${abbrs.appJobs}scheduler-${resourceToken}' : '${abbrs.appContainerApps}scheduler-${resourceToken}'
}
var tags = {
  'azd-env-name': environmentName
  application: 'branchrating'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.storage
    sku: storageSku
    queueNames: queueNames
    tableNames: tableNames
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.identity
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.registry
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: names.keyVault
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    // Known only once the identity exists; the assignment names are guid(scope, principal, role) as required.
    #disable-next-line what-if-short-circuiting // the principal id of a new identity cannot be known before deployment
    principalId: identity.outputs.principalId
    storageAccountName: names.storage
    registryName: names.registry
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
    operatorPrincipalId: principalId
  }
  dependsOn: [
    storage
    registry
    keyVault
    monitoring
  ]
}

module apps 'modules/containerapps.bicep' = {
  name: 'containerapps'
  scope: rg
  params: {
    location: location
    tags: tags
    environmentName: names.environment
    apiName: names.api
    workerName: names.worker
    schedulerName: names.scheduler
    logAnalyticsName: names.logAnalytics
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    imageName: imageName
    storageAccountName: names.storage
    queueNames: queueNames
    apiMaxReplicas: apiMaxReplicas
    httpConcurrentRequests: httpConcurrentRequests
    workerMaxReplicas: workerMaxReplicas
    queueLengthTarget: queueLengthTarget
    schedulerHosting: schedulerHosting
    timerSchedules: timerSchedules
    schedulerIntervalMinutes: schedulerIntervalMinutes
    // Endpoints and names only: the host authenticates with the managed identity (AZURE_CLIENT_ID).
    appSettings: {
      Storage__TableServiceUri: storage.outputs.tableServiceUri
      Storage__QueueServiceUri: storage.outputs.queueServiceUri
      Storage__BlobServiceUri: storage.outputs.blobServiceUri
      // The storage module already created every queue and table: spare each cold start the check.
      Storage__CreateIfNotExists: 'false'
      // Names the resource and its ingestion endpoint; not a credential: local auth is disabled, the host's
      // exporter sends with an Entra ID token of the identity (Monitoring Metrics Publisher on the resource).
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
    }
    // The api alone: token validation (plain values) and the vault its secrets are read from at start
    // (Ballots:PepperKey from secret Ballots--PepperKey, with the managed identity): no secret in any setting.
    apiSettings: {
      Auth__Authority: authAuthority
      Auth__Audience: authAudience
      KeyVault__VaultUri: keyVault.outputs.uri
    }
  }
  // The identity must be allowed to pull the image and read the queues before the first replica starts (the
  // workspace the environment's diagnostic setting needs is implied by the connection string from monitoring).
  dependsOn: [
    rbac
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_ENVIRONMENT_NAME string = apps.outputs.environmentName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output SERVICE_API_NAME string = apps.outputs.apiName
output SERVICE_API_URI string = apps.outputs.apiUrl
output API_URL string = apps.outputs.apiUrl
output WORKER_APP_NAME string = apps.outputs.workerName
output SCHEDULER_NAME string = apps.outputs.schedulerName
output SCHEDULER_KIND string = apps.outputs.schedulerKind
