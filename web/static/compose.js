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
