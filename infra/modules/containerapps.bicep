// The Container Apps environment and the three runs of the one host image:
//   api       (Host__Roles=api)       external HTTPS ingress, scaled by concurrent requests, 0..apiMaxReplicas
//   worker    (Host__Roles=worker)    no ingress, scaled by KEDA azure-queue rules (one per work queue), 0..workerMaxReplicas
//   scheduler (Host__Roles=scheduler) schedulerHosting = 'job' (default): a Container Apps job on a cron trigger,
//                                     one replica per execution, that runs the timers due within the last tick
//                                     once and exits (Host__RunOnce=true, Scheduler__RunOnceWindow = the tick);
//                                     schedulerHosting = 'app': one always-on replica running the host's cron
//                                     timers on their own six-field schedules
// All of them run as the user-assigned identity; their settings are plain values (endpoints, names, the
// identity's client id, schedules, the api's token authority/audience and Key Vault URI): no secrets, no
// connection strings made from keys. The api reads its one secret (the ballot pepper) from Key Vault at start.

@description('Azure region of the resources.')
param location string

@description('Tags applied to every resource.')
param tags { *: string }

@description('Container Apps environment name.')
param environmentName string

@description('API container app name (2-32 lowercase letters, digits, hyphens).')
param apiName string

@description('Worker container app name.')
param workerName string

@description('Scheduler app or job name.')
param schedulerName string

@description('Log Analytics workspace that receives the console and system logs.')
param logAnalyticsName string

@description('Resource id of the user-assigned managed identity the apps run as.')
param identityId string

@description('Client id of that identity (AZURE_CLIENT_ID for DefaultAzureCredential / ManagedIdentityCredential).')
param identityClientId string

@description('Login server of the container registry, e.g. crxxxx.azurecr.io.')
param registryLoginServer string

@description('Full image reference of the host. Empty = a public ASP.NET sample image (port 8080) until the first deploy.')
param imageName string = ''

@description('Storage account name (KEDA azure-queue rules).')
param storageAccountName string

@description('Work queues the worker listens to; one scale rule each.')
param queueNames string[]

@description('Plain (non-secret) settings every run of the host gets, as { name: value }.')
param appSettings { *: string }

@description('Plain (non-secret) settings of the api alone, as { name: value }: token validation and the Key Vault URI its secrets are read from.')
param apiSettings { *: string }

@description('Most API replicas.')
@minValue(1)
@maxValue(300)
param apiMaxReplicas int = 10

@description('Concurrent HTTP requests per API replica before another replica is added.')
@minValue(1)
param httpConcurrentRequests int = 50

@description('Most worker replicas.')
@minValue(1)
@maxValue(300)
param workerMaxReplicas int = 10

@description('Visible messages per queue per worker replica the azure-queue rule aims at.')
@minValue(1)
param queueLengthTarget int = 20

@description('Seconds without work before the worker scales back to zero.')
@minValue(0)
param workerCooldownSeconds int = 300

@description('How the timers run: "job" = a Container Apps cron job that runs the due timers once per tick and exits (scale to zero); "app" = one always-on replica running the timers on their own schedules (finer than a minute; a few dollars a month).')
@allowed([
  'job'
  'app'
])
param schedulerHosting string = 'job'

@description('Overrides of the host\'s timer schedules (appsettings.json): six-field UTC cron (second minute hour day month weekday) by timer name.')
param timerSchedules { *: string } = {}

@description('Job mode: minutes between two executions of the scheduler job (a divisor of 60, so every hour has the same ticks).')
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

@description('CPU cores (a decimal as text, e.g. "0.5") and memory (e.g. "1Gi") of one replica.')
type replicaSize = {
  cpu: string
  memory: string
}

@description('Size of one API replica.')
param apiSize replicaSize = {
  cpu: '0.5'
  memory: '1Gi'
}

@description('Size of one worker replica.')
param workerSize replicaSize = {
  cpu: '0.5'
  memory: '1Gi'
}

@description('Size of the scheduler replica.')
param schedulerSize replicaSize = {
  cpu: '0.25'
  memory: '0.5Gi'
}

// Listens on 8080 and answers /healthz like the host, so provisioning succeeds before the first image push.
var placeholderImage = 'mcr.microsoft.com/dotnet/samples:aspnetapp'
var image = empty(imageName) ? placeholderImage : imageName
var hostPort = 8080

var sharedEnv = [
  for setting in items(appSettings): {
    name: setting.key
    value: setting.value
  }
]
var apiEnv = [
  for setting in items(apiSettings): {
    name: setting.key
    value: setting.value
  }
]
var identityEnv = [
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
]

var userIdentity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityId}': {}
  }
}

// The job's tick, the window in which the host looks for due occurrences (the same span), and a timeout that
// ends every execution 20 s before the next tick, so two executions never overlap.
var schedulerCron = schedulerIntervalMinutes == 1 ? '* * * * *' : '*/${schedulerIntervalMinutes} * * * *'
var runOnceWindow = '00:${padLeft(string(schedulerIntervalMinutes), 2, '0')}:00'
var schedulerTimeoutSeconds = schedulerIntervalMinutes * 60 - 20

var scheduleEnv = [
  for schedule in items(timerSchedules): {
    name: 'Schedules__${schedule.key}'
    value: schedule.value
  }
]

// Every role of the host answers GET /healthz on the Kestrel port.
var livenessProbe = {
  type: 'Liveness'
  httpGet: {
    path: '/healthz'
    port: hostPort
  }
  periodSeconds: 30
}

var registries = [
  {
    server: registryLoginServer
    identity: identityId
  }
]

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: logAnalyticsName
}

// Logs go through Azure Monitor diagnostic settings: no workspace shared key is handed to the environment.
resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: environment
  properties: {
    workspaceId: logAnalytics.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource api 'Microsoft.App/containerApps@2025-01-01' = {
  name: apiName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  identity: userIdentity
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: hostPort
        transport: 'auto'
        allowInsecure: false
      }
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'host'
          image: image
          resources: {
            cpu: json(apiSize.cpu)
            memory: apiSize.memory
          }
          env: concat(sharedEnv, apiEnv, identityEnv, [
            {
              name: 'Host__Roles'
              value: 'api'
            }
          ])
          probes: [
            livenessProbe
            {
              type: 'Readiness'
              httpGet: {
                path: '/healthz'
                port: hostPort
              }
              periodSeconds: 10
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: apiMaxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(httpConcurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: workerName
  location: location
  tags: union(tags, { 'azd-service-name': 'worker' })
  identity: userIdentity
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'host'
          image: image
          resources: {
            cpu: json(workerSize.cpu)
            memory: workerSize.memory
          }
          env: concat(sharedEnv, identityEnv, [
            {
              name: 'Host__Roles'
              value: 'worker'
            }
          ])
          probes: [
            livenessProbe
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: workerMaxReplicas
        cooldownPeriod: workerCooldownSeconds
        pollingInterval: 15
        rules: [
          for queue in queueNames: {
            name: 'queue-${queue}'
            azureQueue: {
              accountName: storageAccountName
              queueName: queue
              queueLength: queueLengthTarget
              identity: identityId
            }
          }
        ]
      }
    }
  }
}

// One replica, never more: the host's cron timers fire once per occurrence (during a revision change two replicas
// may overlap for seconds; timer functions are idempotent by contract).
resource schedulerApp 'Microsoft.App/containerApps@2025-01-01' = if (schedulerHosting == 'app') {
  name: schedulerName
  location: location
  tags: union(tags, { 'azd-service-name': 'scheduler' })
  identity: userIdentity
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'host'
          image: image
          resources: {
            cpu: json(schedulerSize.cpu)
            memory: schedulerSize.memory
          }
          env: concat(sharedEnv, identityEnv, scheduleEnv, [
            {
              name: 'Host__Roles'
              value: 'scheduler'
            }
          ])
          probes: [
            livenessProbe
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
}

resource schedulerJob 'Microsoft.App/jobs@2025-01-01' = if (schedulerHosting == 'job') {
  name: schedulerName
  location: location
  tags: union(tags, { 'azd-service-name': 'scheduler' })
  identity: userIdentity
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      triggerType: 'Schedule'
      scheduleTriggerConfig: {
        cronExpression: schedulerCron
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: schedulerTimeoutSeconds
      // A failed run is not retried within the execution: the next tick runs the (idempotent) timers again.
      replicaRetryLimit: 0
      registries: registries
    }
    template: {
      containers: [
        {
          name: 'host'
          image: image
          resources: {
            cpu: json(schedulerSize.cpu)
            memory: schedulerSize.memory
          }
          env: concat(sharedEnv, identityEnv, scheduleEnv, [
            {
              name: 'Host__Roles'
              value: 'scheduler'
            }
            {
              name: 'Host__RunOnce'
              value: 'true'
            }
            {
              name: 'Scheduler__RunOnceWindow'
              value: runOnceWindow
            }
          ])
        }
      ]
    }
  }
}

output environmentId string = environment.id
output environmentName string = environment.name
output defaultDomain string = environment.properties.defaultDomain
output apiName string = api.name
output apiUrl string = 'https://${api.properties.configuration.ingress.fqdn}'
output workerName string = worker.name
output schedulerName string = schedulerHosting == 'app' ? schedulerApp.name : schedulerJob.name
output schedulerKind string = schedulerHosting
