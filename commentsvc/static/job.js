// The job page without reloading: asks the job's status every second and updates the progress in place.
// Without JavaScript the page's meta refresh (inside <noscript>) reloads it instead.
(() => {
  const section = document.getElementById("job");
  if (!section) return;
  const active = (status) => status === "queued" || status === "running" || status === "joining";
  if (!active(section.dataset.status)) return;
  const labels = {
    queued: "Đang chờ đến lượt xử lý…",
    running: "Đang tạo tệp…",
    joining: "Đang ghép các phần thành một tệp…",
    done: "Tệp đã sẵn sàng.",
    failed: "Chưa tạo được tệp.",
  };
  const importLabels = { running: "Đang đọc tệp…", failed: "Chưa đọc được tệp." };
  const show = (state) => {
    if (state.landing_url) {
      // an import is done: its preview or review page takes the job page's place, so that Back leads before it
      window.location.replace(state.landing_url);
      return;
    }
    const label = state.is_import ? { ...labels, ...importLabels }[state.status] : labels[state.status];
    document.getElementById("job-status").textContent = label || "";
    const progress = document.getElementById("job-progress");
    progress.max = state.parts_total || 1;
    progress.value = state.parts_done;
    document.getElementById("job-parts").textContent = state.parts_total
      ? `Đã xong ${state.parts_done}/${state.parts_total} phần`
      : "Đang chuẩn bị dữ liệu";
    document.getElementById("job-elapsed").textContent = `Thời gian: ${state.elapsed} giây`;
    if (state.download_url) {
      const link = document.getElementById("job-download-link");
      link.href = state.download_url;
      link.textContent = `Tải tệp ${state.filename}`;
      document.getElementById("job-download").hidden = false;
    }
    if (state.status === "failed") {
      document.getElementById("job-error").textContent = state.error;
      document.getElementById("job-failed").hidden = false;
    }
  };
  const poll = () => {
    fetch(section.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((state) => {
        show(state);
        if (active(state.status)) setTimeout(poll, 1000);
      })
      .catch(() => setTimeout(poll, 3000));
  };
  setTimeout(poll, 1000);
})();
