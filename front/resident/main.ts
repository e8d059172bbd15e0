import { createApp } from "vue";
import { makeI18n } from "../shared/i18n";
import "../shared/tokens.css";
import "./resident.css";
import { messages } from "./messages";
import App from "./App.vue";

createApp(App).use(makeI18n(messages)).mount("#app");
