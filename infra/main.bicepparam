// Parameters for infra/main.bicep. Secrets come from the environment of whoever deploys and are never committed:
//   export SENDGRID_API_KEY=... TASK_TOKEN_KEY="$(openssl rand -base64 32)" MASTER_KEY=... FUNCTION_KEYS=...
//   az deployment group create -g <group> --parameters infra/main.bicepparam
using 'main.bicep'

param baseName = 'eduflows'
param taskHubName = 'EduFlows'
param bureauTimeZone = 'Asia/Shanghai'
param mailCulture = 'zh-CN'
param sendGridFrom = 'noreply@qz-edu.example.cn'
param loadDemoData = false

param sendGridApiKey = readEnvironmentVariable('SENDGRID_API_KEY')
param taskTokenKey = readEnvironmentVariable('TASK_TOKEN_KEY')
param masterKey = readEnvironmentVariable('MASTER_KEY')
param functionKeys = readEnvironmentVariable('FUNCTION_KEYS')
