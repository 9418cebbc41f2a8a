import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The `detail` texts Modulate's doc versions use for a wrong or missing key (docs/api-notes.md §4, §6). */
const WRONG_KEY_DETAILS = ['Invalid API key.', 'Invalid API key', 'Invalid or missing API key.', 'Not authenticated', 'Unauthorized'];
const WRONG_KEY_MESSAGE = 'API key rejected: Modulate does not know this key. Check it for typos, or create a new one.';
const NOT_PERMITTED_MESSAGE =
	'Modulate refused this key for the check request (403 "This request is not permitted."): either the key is wrong, or it is valid but not enabled for Conversation Analysis, which the check uses. The test cannot tell which. If the key is right, save the credential anyway and check it with the operation you use (e.g. Transcribe).';
const UNAVAILABLE_DETAILS = [
	'Internal server error',
	'Unable to validate request. Please try again.',
	'Unable to complete the request. Please try again.',
];

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
				'X-API-Key': '={{String($credentials.apiKey ?? "").trim()}}',
			},
		},
	};

	// list-presets is authenticated but consumes no usage (docs/api-notes.md §7). n8n's tester never
	// applies `responseCode` rules (the HTTP error's cause is lost on the way), so the answer's `detail` is
	// judged. Modulate answers an unknown key on this endpoint with 403 "This request is not permitted.",
	// the same text it gives a valid key without conversation analysis: the test cannot tell the two apart,
	// so it fails with a message that says exactly that (the credential can still be saved and used). A
	// wrong key answered with a key-specific detail fails as a wrong key; every other answer passes.
	// docs/errors.md, "Credential test".
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/velma-2-batch/list-presets',
			method: 'GET',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...WRONG_KEY_DETAILS.map((value) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'detail', value, message: WRONG_KEY_MESSAGE },
			})),
			{
				type: 'responseSuccessBody',
				properties: { key: 'detail[0].loc[1]', value: 'x-api-key', message: WRONG_KEY_MESSAGE },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'detail', value: 'This request is not permitted.', message: NOT_PERMITTED_MESSAGE },
			},
			...UNAVAILABLE_DETAILS.map((value) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'detail',
					value,
					message: 'Modulate could not check the key just now (a server error). Try the test again in a minute.',
				},
			})),
		],
	};
}
