// Azure Container Registry for the host image. The admin user is disabled: the apps pull with the managed
// identity (AcrPull), `az acr build` / azd push with the deploying user's Entra token.

@description('Azure region of the registry.')
param location string

@description('Tags applied to the registry.')
param tags { *: string }

@description('Registry name: 5-50 letters and digits, globally unique.')
@minLength(5)
@maxLength(50)
param name string

@description('Registry SKU. Basic is enough for one image and a few pulls a day.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param sku string = 'Basic'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
