// Drives the gateway with the official `openai` npm package: chat, streaming with usage, tool calls,
// the Responses API and a typed error. Exits non-zero (with a message) on the first mismatch.
// Usage: node sdk-check.mjs BASE_URL API_KEY  (the package is resolved from NODE_PATH)
import OpenAI from 'openai';

const [baseURL, apiKey] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
const fail = (msg) => { console.error('FAIL: ' + msg); process.exit(1); };

const chat = await client.chat.completions.create({
  model: 'gpt-5.4-mini', messages: [{ role: 'user', content: 'Say hello' }],
});
if (chat.choices[0].message.content !== 'Hello from gpt-5.4-mini') fail('chat: ' + JSON.stringify(chat));

let text = ''; let usage = null;
const stream = await client.chat.completions.create({
  model: 'gpt-5.4-nano', messages: [{ role: 'user', content: 'Say hello' }],
  stream: true, stream_options: { include_usage: true },
});
for await (const chunk of stream) {
  for (const c of chunk.choices) text += c.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
if (text !== 'Hello from gpt-5.4-nano') fail('stream text: ' + text);
if (!usage || usage.completion_tokens !== 3) fail('stream usage: ' + JSON.stringify(usage));

const tools = await client.chat.completions.create({
  model: 'gpt-5.4-mini', messages: [{ role: 'user', content: 'Weather in Paris?' }],
  tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
});
const call = tools.choices[0].message.tool_calls?.[0];
if (call?.function?.name !== 'get_weather' || call.function.arguments !== '{"city":"Paris"}') fail('tools: ' + JSON.stringify(tools));

const response = await client.responses.create({ model: 'gpt-5.4-mini', input: 'Say hello' });
if (response.output_text !== 'Hello from gpt-5.4-mini') fail('responses: ' + JSON.stringify(response));

try {
  await client.chat.completions.create({ model: 'gpt-imaginary', messages: [{ role: 'user', content: 'x' }] });
  fail('unknown model was accepted');
} catch (e) {
  if (!(e instanceof OpenAI.NotFoundError)) fail('unknown model: ' + e);
}
console.log('OK');
