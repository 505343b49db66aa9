// The official `openai` npm package against `flotilla sim serve`.
// Usage: OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 node openai-client.mjs
// Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
import assert from "node:assert/strict";
import OpenAI from "openai";

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) {
  console.error("set OPENAI_BASE_URL to the simulator's URL, e.g. http://127.0.0.1:8089/v1");
  process.exit(2);
}
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY || "sk-simulated", maxRetries: 0, timeout: 30_000 });

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The current weather in a city.",
    parameters: {
      type: "object",
      properties: { city: { type: "string" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
      required: ["city", "unit"],
      additionalProperties: false,
    },
  },
};

const checks = {
  async "chat completion, non-streaming"() {
    const completion = await client.chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [{ role: "user", content: "Hello from the npm package" }],
      max_completion_tokens: 120,
    });
    assert.equal(completion.object, "chat.completion");
    assert.equal(completion.model, "gpt-5.4-mini");
    assert.match(completion.choices[0].message.content, /^\[simulated gpt-5\.4-mini\]/);
    assert.ok(completion.usage.prompt_tokens > 0, "prompt tokens");
    assert.ok(completion.usage.completion_tokens > 0 && completion.usage.completion_tokens <= 120, "completion tokens");
  },

  async "chat completion, streaming with usage"() {
    const stream = await client.chat.completions.create({
      model: "gpt-5.4-nano",
      messages: [{ role: "user", content: "Stream to the npm package" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage = null;
    let usageChunkChoices = null;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) text += choice.delta?.content ?? "";
      if (chunk.usage) {
        usage = chunk.usage;
        usageChunkChoices = chunk.choices.length;
      }
    }
    assert.match(text, /^\[simulated gpt-5\.4-nano\]/);
    assert.ok(usage && usage.completion_tokens > 0, "usage on the last chunk");
    assert.equal(usageChunkChoices, 0, "the usage chunk has choices: []");
  },

  async "tool calls, forced"() {
    const completion = await client.chat.completions.create({
      model: "gpt-5.4",
      messages: [{ role: "user", content: "What is the weather in Lisbon?" }],
      tools: [weatherTool],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    const calls = completion.choices[0].message.tool_calls;
    assert.equal(calls.length, 1);
    assert.equal(calls[0].function.name, "get_weather");
    const args = JSON.parse(calls[0].function.arguments);
    assert.equal(typeof args.city, "string");
    assert.ok(["celsius", "fahrenheit"].includes(args.unit));
  },

  async "tool calls, streamed in pieces"() {
    const stream = await client.chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [{ role: "user", content: "Weather in Porto?" }],
      tools: [weatherTool],
      tool_choice: "required",
      stream: true,
    });
    let name = "";
    let args = "";
    for await (const chunk of stream) {
      for (const call of chunk.choices[0]?.delta?.tool_calls ?? []) {
        name += call.function?.name ?? "";
        args += call.function?.arguments ?? "";
      }
    }
    assert.equal(name, "get_weather");
    assert.equal(typeof JSON.parse(args).city, "string");
  },

  async "responses API"() {
    const response = await client.responses.create({ model: "gpt-5.4-mini", input: "Hello via Responses", max_output_tokens: 100 });
    assert.match(response.output_text, /^\[simulated gpt-5\.4-mini\]/);
    assert.ok(response.usage.input_tokens > 0 && response.usage.output_tokens > 0);
  },
};

let passed = 0;
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  try {
    await check();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
