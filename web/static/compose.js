// Live length counters, duty lines and mission checks for the compose form. The server counts (POST /compose/count)
// with the same rules scheduling checks, and says who is on duty at the chosen time with the same
// rota rules, so the browser never disagrees with the lint or the approval that follows. Without
// this script the form still works and shows both after each submit.
(() => {
	const form = document.querySelector("form[data-compose]");
	const list = document.getElementById("counters");
	if (!form || !list) return;
	const note = document.getElementById("zone-note");
	const duty = document.getElementById("duty");
	const lint = document.getElementById("lint");
	let timer;
	let latest = 0;

	function payload() {
		const boxes = [...form.querySelectorAll('input[name="accountIds"]:checked')];
		const when = form.querySelector('input[name="when"]:checked');
		return {
			body: form.elements.namedItem("body").value,
			link: form.elements.namedItem("link").value,
			networks: boxes.map((b) => b.dataset.network),
			zones: boxes.map((b) => b.dataset.zone),
			accountIds: boxes.map((b) => b.value),
			when: when ? when.value : "draft",
			date: form.elements.namedItem("date")?.value ?? "",
			time: form.elements.namedItem("time")?.value ?? "",
			shortenLinks: form.elements.namedItem("shortenLinks")?.checked ?? false,
		};
	}

	function item(text, className) {
		const li = document.createElement("li");
		li.className = className;
		li.textContent = text;
		return li;
	}

	const severityLabel = { error: "Error", warning: "Warning" };

	// The mission lint, built as web/components/findings.tsx renders it: severity, message, highlighted words.
	function lintLine(f, handle) {
		const li = document.createElement("li");
		li.className = `lint-item finding-${f.severity}`;
		li.dataset.rule = f.rule;
		const sev = document.createElement("span");
		sev.className = `sev sev-${f.severity}`;
		sev.textContent = severityLabel[f.severity] ?? f.severity;
		const text = document.createElement("span");
		text.className = "lint-text";
		if (handle) {
			const strong = document.createElement("strong");
			strong.textContent = `${handle}: `;
			text.append(strong);
		}
		text.append(f.message);
		if (f.excerpt) {
			const context = document.createElement("span");
			context.className = "lint-context";
			const mark = document.createElement("mark");
			mark.textContent = f.excerpt.match;
			context.append(f.excerpt.before, mark, f.excerpt.after);
			text.append(context);
		}
		li.append(sev, text);
		return li;
	}

	function showLint(perAccount) {
		const multi = perAccount.length > 1;
		const lines = perAccount.flatMap((a) => a.findings.map((f) => lintLine(f, multi ? a.handle : "")));
		if (lines.length === 0) return lint.replaceChildren();
		const ul = document.createElement("ul");
		ul.className = "findings lint-findings";
		ul.setAttribute("aria-label", "Checks on the text");
		ul.replaceChildren(...lines);
		lint.replaceChildren(ul);
	}

	function show(data) {
		const items = data.counts.map((c) => item(c.text, c.ok ? "counter" : "counter over"));
		list.replaceChildren(...(items.length ? items : [item(list.dataset.empty, "hint")]));
		if (note) note.textContent = data.zoneNote;
		if (duty && Array.isArray(data.duty)) {
			const lines = data.duty.map((d) => {
				const li = item(` ${d.text}`, `duty duty-${d.tone}`);
				const handle = document.createElement("strong");
				handle.textContent = d.handle;
				li.prepend(handle);
				return li;
			});
			duty.replaceChildren(...(lines.length ? lines : [item(duty.dataset.empty, "hint")]));
		}
		if (lint && Array.isArray(data.findings)) showLint(data.findings);
	}

	async function update() {
		// Only the newest answer is shown, whatever order the responses arrive in.
		const mine = ++latest;
		try {
			const res = await fetch("/compose/count", {
				method: "POST",
				headers: { "Content-Type": "application/json" },
				body: JSON.stringify(payload()),
			});
			if (res.ok && mine === latest) show(await res.json());
		} catch {
			// Offline or signed out: keep the last counts; submitting still checks everything.
		}
	}

	function later() {
		clearTimeout(timer);
		timer = setTimeout(update, 150);
	}
	// "change" too: some browsers fire no "input" for date and time pickers.
	form.addEventListener("input", later);
	form.addEventListener("change", later);
})();

// The chosen image shown before it is sent, and its size sent along (the Worker does not decode images).
(() => {
	const input = document.querySelector("input[data-media-file]");
	const preview = document.querySelector("img[data-media-preview]");
	if (!input || !preview) return;
	input.addEventListener("change", () => {
		const file = input.files?.[0];
		if (preview.src) URL.revokeObjectURL(preview.src);
		if (!file?.type.startsWith("image/")) {
			preview.hidden = true;
			preview.removeAttribute("src");
			return;
		}
		preview.onload = () => {
			document.querySelector("input[data-media-width]").value = String(preview.naturalWidth);
			document.querySelector("input[data-media-height]").value = String(preview.naturalHeight);
		};
		preview.src = URL.createObjectURL(file);
		preview.hidden = false;
	});
})();

// The file picker limited by the capability table the page embeds (#media-capabilities, from
// domain/capabilities.ts, the table scheduling checks with): only the types every ticked network
// takes, greyed out when the post is full on one of them, and the chosen file checked for type, size
// and length, with the reason in one line. domain/media-room.ts renders the same rules server-side.
(() => {
	const data = document.getElementById("media-capabilities");
	const input = document.querySelector("input[data-media-file]");
	const line = document.getElementById("media-limits");
	const form = document.querySelector("form[data-compose]");
	if (!data || !input || !line || !form) return;
	const table = JSON.parse(data.textContent || "{}");
	const attached = JSON.parse(input.dataset.attached || "[]");
	const uploadTypes = (input.dataset.uploadTypes || "").split(",");
	const duration = document.querySelector("input[data-media-duration]");
	const MB = 1024 * 1024;
	const size = (bytes) => (bytes % MB === 0 ? `${bytes / MB} MB` : bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${bytes} bytes`);
	let chosen = null;

	function selected() {
		const boxes = [...form.querySelectorAll('input[name="accountIds"]:checked')];
		return [...new Set(boxes.map((b) => b.dataset.network))].filter((n) => table[n]);
	}

	function room(nets) {
		const images = attached.filter((t) => t.startsWith("image/")).length;
		const videos = attached.filter((t) => t.startsWith("video/")).length;
		let accept = uploadTypes;
		for (const n of nets) {
			const rule = table[n].media;
			const imageRoom = images < rule.maxImages && (videos === 0 || rule.mixes);
			const videoRoom = videos < rule.maxVideos && (images === 0 || rule.mixes);
			if (!imageRoom && !videoRoom) {
				const why =
					videos > 0 ? `a video goes alone on ${table[n].name}` : `${table[n].name} takes ${rule.maxImages} image${rule.maxImages === 1 ? "" : "s"} per post`;
				return { accept: [], full: true, line: `No more media: ${why}` };
			}
			accept = accept.filter((t) => (t.startsWith("video/") ? videoRoom && rule.videoTypes.includes(t) : imageRoom && rule.imageTypes.includes(t)));
		}
		if (accept.length === 0) return { accept, full: true, line: "No more media: no file type fits every chosen network" };
		const noVideo = nets.filter((n) => table[n].media.maxVideos === 0).map((n) => table[n].name);
		if (noVideo.length) return { accept, full: false, line: `No video: Chorus cannot publish video to ${noVideo.join(", ")}` };
		if (videos === 0 && images > 0 && !accept.some((t) => t.startsWith("video/")))
			return { accept, full: false, line: "No video: a video cannot go with images on the chosen networks" };
		return { accept, full: false, line: null };
	}

	// Why the chosen file cannot go to one of the ticked networks, or null.
	function fileProblem(nets, file, accept) {
		for (const n of nets) {
			const rule = table[n].media;
			const name = table[n].name;
			if (file.type.startsWith("video/")) {
				if (rule.maxVideos === 0) return `${name}: Chorus cannot publish video there`;
				if (!rule.videoTypes.includes(file.type)) return `${name} does not take ${file.type}`;
				if (file.size > rule.maxVideoBytes) return `${name}: ${size(file.size)} is over its ${size(rule.maxVideoBytes)} for a video`;
				if (rule.maxVideoSeconds !== null && file.seconds !== null && file.seconds > rule.maxVideoSeconds)
					return `${name}: ${file.seconds} s is over its ${rule.maxVideoSeconds} s for a video`;
			} else {
				if (!rule.imageTypes.includes(file.type)) return `${name} does not take ${file.type}`;
				const gif = file.type === "image/gif" && rule.gif;
				const max = gif ? rule.gif.maxBytes : rule.maxImageBytes;
				if (file.size > max) return `${name}: ${size(file.size)} is over its ${size(max)} for ${gif ? "a GIF" : "an image"}`;
			}
		}
		if (!accept.includes(file.type)) return `${file.type} does not fit with what is attached on every chosen network`;
		return null;
	}

	function update() {
		const nets = selected();
		const r = room(nets);
		input.accept = r.accept.join(",");
		input.disabled = r.full;
		input.closest("label")?.classList.toggle("greyed", r.full);
		const problem = chosen && !r.full ? fileProblem(nets, chosen, r.accept) : null;
		// The browser refuses to submit a file marked invalid, and shows the same reason.
		input.setCustomValidity(problem ?? "");
		const text = problem ?? r.line ?? "";
		line.textContent = text;
		line.hidden = !text;
		line.classList.toggle("over", Boolean(problem));
	}

	input.addEventListener("change", () => {
		const file = input.files?.[0];
		chosen = file ? { type: file.type, size: file.size, seconds: null } : null;
		if (duration) duration.value = "";
		if (file?.type.startsWith("video/")) {
			// The length is read from the file's metadata here (the Worker does not decode video) and sent along.
			const probe = document.createElement("video");
			probe.preload = "metadata";
			probe.onloadedmetadata = () => {
				const url = probe.src;
				if (Number.isFinite(probe.duration) && chosen) {
					chosen.seconds = Math.ceil(probe.duration);
					if (duration) duration.value = String(chosen.seconds);
				}
				URL.revokeObjectURL(url);
				update();
			};
			probe.src = URL.createObjectURL(file);
		}
		update();
	});
	form.addEventListener("change", (event) => {
		if (event.target?.name === "accountIds") update();
	});
	update();
})();
