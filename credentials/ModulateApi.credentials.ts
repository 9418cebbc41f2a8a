import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class ModulateApi implements ICredentialType {
	name = 'modulateApi';

	displayName = 'Modulate API';

	icon: Icon = { light: 'file:modulate.svg', dark: 'file:modulate.dark.svg' };

	documentationUrl = 'https://github.com/modulate-ai/n8n-nodes-modulate#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your Modulate Models API key, sent as the X-API-Key header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://platform.modulate.ai',
			description:
				'Root of the Models API. Older docs use https://modulate-developer-apis.com. Streaming connects to the same host over wss://.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-API-Key': '={{$credentials.apiKey}}',
			},
		},
	};

	// list-presets is authenticated but consumes no usage (contract §7).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/velma-2-batch/list-presets',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'API key rejected: Modulate does not know this key. Check it for typos or create a new one.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Modulate refused the check request (403). Either the key is wrong, or it is valid but not enabled for the conversation-analysis model (velma-2-batch) that the check uses; in that case the other models may still work.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message: 'The key was accepted, but the organization has no credits left (429): the nodes will fail until the quota resets.',
				},
			},
		],
	};
}
