import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { TauriBackend } from "./ipc/tauri";
import { AppController } from "./lib/app.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("missing #app element");

mount(App, { target, props: { app: new AppController(new TauriBackend()) } });
