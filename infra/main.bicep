// EduFlows on Azure: a Flex Consumption Function App running the isolated worker in Functions/ (dotnet-isolated 10.0).
//
// What it creates, all in the deployment's resource group:
// - a user-assigned managed identity, the app's only credential: storage, Key Vault, Application Insights;
// - a storage account with shared keys off: AzureWebJobsStorage (Durable task hub, timer leases, host keys when not in
//   Key Vault) and the blob container Flex Consumption deploys the app package to;
// - a Log Analytics workspace and a workspace-based Application Insights with local auth off;
// - a Key Vault (RBAC) holding SENDGRID_API_KEY, TASK_TOKEN_KEY, MASTER_KEY and FUNCTION_KEYS, referenced from app
//   settings, and (hostKeysInKeyVault) the Functions host's own key store, so Azure enforces the same keys;
// - the FC1 plan and the Function App with its app settings.
//
// host.json travels with the app package (dotnet publish Functions); app settings named
// AzureFunctionsJobHost__<path> override it, as taskHubName does here. See infra/README.md.

targetScope = 'resourceGroup'

@description('Azure region. Flex Consumption is offered in a subset of regions (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Prefix of every resource name.')
@minLength(3)
@maxLength(12)
param baseName string = 'eduflows'

@description('Function App name: part of its default host name, so unique across Azure.')
@minLength(2)
@maxLength(40)
param appName string = '${baseName}-${uniqueString(resourceGroup().id)}'

@description('Durable Functions task hub (host.json says EduFlows). Two apps sharing one storage account need different hubs.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'EduFlows'

@description('Most instances the plan scales the app out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('HTTP requests one instance serves at once before the plan adds another.')
@minValue(1)
@maxValue(1000)
param httpPerInstanceConcurrency int = 16

@description('Time zone the app shows deadlines and dates in (the app reads WEBSITE_TIME_ZONE itself; Flex Consumption does not apply it to timer schedules, which run in UTC).')
param bureauTimeZone string = 'Asia/Shanghai'

@description('Where e-mailed links point (EDUFLOWS_PUBLIC_URL). Empty: the app\'s default https host name.')
param publicUrl string = ''

@description('Sender address of e-mail (SENDGRID_FROM).')
param sendGridFrom string = 'noreply@qz-edu.example.cn'

@description('Sender name of e-mail (SENDGRID_FROM_NAME).')
param sendGridFromName string = '青州市教育局'

@description('true: SendGrid validates mail but does not deliver it (SENDGRID_SANDBOX).')
param sendGridSandbox bool = false

@description('Culture of e-mail and pages (MAIL_CULTURE).')
@allowed([
  'zh-CN'
  'en'
])
param mailCulture string = 'zh-CN'

@description('Load the demo county into an empty directory (EDUFLOWS_DEMO_DATA). Off in Azure unless asked for.')
param loadDemoData bool = false

@description('Keep the Functions host\'s key store in the Key Vault, seeded with masterKey and functionKeys, so the keys Azure enforces are these; false leaves the host\'s default store (blobs), with keys of its own making.')
param hostKeysInKeyVault bool = true

@description('Key Vault purge protection: deleted secrets stay recoverable for 90 days and cannot be purged. Cannot be turned off once on.')
param keyVaultPurgeProtection bool = true

@secure()
@minLength(1)
@description('SendGrid API key (SENDGRID_API_KEY).')
param sendGridApiKey string

@secure()
@minLength(44)
@description('Task-link signing key (TASK_TOKEN_KEY): base64 of at least 32 random bytes, e.g. openssl rand -base64 32.')
param taskTokenKey string

@secure()
@minLength(16)
@description('Master (admin) key (MASTER_KEY), at least 16 characters.')
param masterKey string

@secure()
@minLength(16)
@description('Function keys, comma-separated (FUNCTION_KEYS), each at least 16 characters.')
param functionKeys string

@description('Tags on every resource.')
param tags {
  *: string
} = {
  application: 'EduFlows'
}

var suffix = uniqueString(resourceGroup().id, baseName)
var storageAccountName = take('st${toLower(replace(baseName, '-', ''))}${suffix}', 24)
var keyVaultName = take('kv-${baseName}-${suffix}', 24)
var deploymentContainerName = 'app-package-${take(toLower(appName), 32)}'

// Built-in role definitions.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: AzureWebJobsStorage over the managed identity (no keys), and the deployment container.

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

var storageRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// ---------------------------------------------------------------------------------------------------------------
// Monitoring: Application Insights on a Log Analytics workspace, written to with the identity (local auth off).

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

resource appInsightsRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Key Vault: the secrets, read by the platform for @Microsoft.KeyVault(...) app settings with the identity.

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: keyVaultPurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }

  resource sendGridApiKeySecret 'secrets' = {
    name: 'SENDGRID-API-KEY'
    properties: {
      value: sendGridApiKey
    }
  }

  resource taskTokenKeySecret 'secrets' = {
    name: 'TASK-TOKEN-KEY'
    properties: {
      value: taskTokenKey
    }
  }

  resource masterKeySecret 'secrets' = {
    name: 'MASTER-KEY'
    properties: {
      value: masterKey
    }
  }

  resource functionKeysSecret 'secrets' = {
    name: 'FUNCTION-KEYS'
    properties: {
      value: functionKeys
    }
  }
}

// The Functions host's key store in the vault (AzureWebJobsSecretStorageType=keyvault) uses names of its own:
// host--masterKey--master for the master key, host--functionKey--<name> for host-level function keys. Seeding them
// makes Azure enforce MASTER_KEY and FUNCTION_KEYS (the first is named default, the rest key2, key3, ...).
resource hostMasterKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (hostKeysInKeyVault) {
  parent: keyVault
  name: 'host--masterKey--master'
  properties: {
    value: masterKey
  }
}

resource hostFunctionKeySecrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for (key, i) in (hostKeysInKeyVault ? split(functionKeys, ',') : []): {
    parent: keyVault
    name: 'host--functionKey--${i == 0 ? 'default' : 'key${i + 1}'}'
    properties: {
      value: trim(key)
    }
  }
]

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A host whose key store is the vault also writes to it (system keys such as the Durable extension's, keys made in
// the portal), which Key Vault Secrets User does not allow.
resource keyVaultSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (hostKeysInKeyVault) {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsOfficer)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The Flex Consumption plan and the Function App.

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'plan-${appName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        triggers: {
          http: {
            perInstanceConcurrency: httpPerInstanceConcurrency
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  // The identity must be able to read storage and the vault before the host first starts.
  dependsOn: [
    storageRoleAssignments
    keyVaultSecretsUser
    keyVaultSecretsOfficer
    appInsightsRoleAssignment
  ]
}

// No FTP or basic-auth deployment: publish with an Entra ID sign-in (az / func).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

func keyVaultReference(secretUri string) string => '@Microsoft.KeyVault(SecretUri=${secretUri})'

var hostKeyStoreSettings = hostKeysInKeyVault
  ? {
      AzureWebJobsSecretStorageType: 'keyvault'
      AzureWebJobsSecretStorageKeyVaultUri: keyVault.properties.vaultUri
      AzureWebJobsSecretStorageKeyVaultClientId: identity.properties.clientId
    }
  : {}

// Runtime name and version live in functionAppConfig on Flex Consumption (FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION are not app settings there).
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(
    {
      // Host storage, Durable task hub and timer leases, over the identity.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId

      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'

      // host.json is deployed with the app; these override it. Azure runs Microsoft's AzureStorage provider.
      AzureFunctionsJobHost__extensions__durableTask__hubName: taskHubName
      AzureFunctionsJobHost__extensions__durableTask__storageProvider__type: 'AzureStorage'

      // Secrets, from the vault.
      SENDGRID_API_KEY: keyVaultReference(keyVault::sendGridApiKeySecret.properties.secretUri)
      TASK_TOKEN_KEY: keyVaultReference(keyVault::taskTokenKeySecret.properties.secretUri)
      MASTER_KEY: keyVaultReference(keyVault::masterKeySecret.properties.secretUri)
      FUNCTION_KEYS: keyVaultReference(keyVault::functionKeysSecret.properties.secretUri)

      // The app's own settings (README, Configuration).
      WEBSITE_TIME_ZONE: bureauTimeZone
      EDUFLOWS_PUBLIC_URL: empty(publicUrl) ? 'https://${functionApp.properties.defaultHostName}' : publicUrl
      EDUFLOWS_DEMO_DATA: string(loadDemoData)
      SENDGRID_FROM: sendGridFrom
      SENDGRID_FROM_NAME: sendGridFromName
      SENDGRID_SANDBOX: string(sendGridSandbox)
      MAIL_CULTURE: mailCulture
    },
    hostKeyStoreSettings
  )
  dependsOn: [
    hostMasterKeySecret
    hostFunctionKeySecrets
  ]
}

@description('The app\'s default host name: https://<this>/api/...')
output functionAppHostName string = functionApp.properties.defaultHostName

@description('Function App name, for func azure functionapp publish.')
output functionAppName string = functionApp.name

@description('Key Vault name, to rotate secrets.')
output keyVaultName string = keyVault.name

@description('Storage account holding the task hub.')
output storageAccountName string = storage.name
