import "element-plus/dist/index.css";
import { createApp } from "vue";
import { makeI18n } from "../shared/i18n";
import "../shared/tokens.css";
import App from "./App.vue";
import { messages } from "./messages";
import { takeLoginLink } from "./session";
import "./theme.css";

// Before the router exists: creating it rewrites the address, and the bot's #login=… would be lost.
takeLoginLink();
const { router } = await import("./router");
createApp(App).use(makeI18n(messages)).use(router).mount("#app");
