// The one user-assigned managed identity the api app, the worker app and the scheduler job run as. It pulls the
// image from the registry and reaches storage, Key Vault and Application Insights; no keys or passwords.

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags { *: string }

@description('User-assigned managed identity name.')
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
