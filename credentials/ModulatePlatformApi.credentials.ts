import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ModulatePlatformApi implements ICredentialType {
	name = 'modulatePlatformApi';

	displayName = 'Modulate Platform API';

	icon: Icon = { light: 'file:modulate.svg', dark: 'file:modulate.dark.svg' };

	documentationUrl = 'https://github.com/modulate-ai/n8n-nodes-modulate#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account UUID',
			name: 'accountUuid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 6f0b8a52-1d9e-4c1a-9a7b-2f5e3c4d1a00',
			description: 'Your Modulate account UUID, sent as the accountuuid header',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Modulate Platform API key, sent as the apikey header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://cloud-processing-api.modulate.ai',
			description: 'Root of the Modulate Platform (cloud processing) API',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				accountuuid: '={{$credentials.accountUuid}}',
				apikey: '={{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api_service/job_status/n8n-credential-check',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Account UUID or API key rejected: check both for typos.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Account UUID or API key rejected (403): check both, and that the key belongs to this account.',
				},
			},
		],
	};
}
