// Starts `bylaw lsp` (docs/editors.md) for .bylaw files.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("bylaw").get("path", "bylaw");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "bylaw", "bylaw", { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "bylaw" }] });
  context.subscriptions.push(client);
  client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
