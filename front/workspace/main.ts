import "element-plus/dist/index.css";
import { createApp } from "vue";
import { makeI18n } from "../shared/i18n";
import "../shared/tokens.css";
import App from "./App.vue";
import { messages } from "./messages";
import { router } from "./router";
import { takeLoginLink } from "./session";
import "./theme.css";

takeLoginLink();
createApp(App).use(makeI18n(messages)).use(router).mount("#app");
