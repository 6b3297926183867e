// page: what every chapter needs once, imported by each page's first cell (`import "./components/page.js"`).
// Framework's template has no lang on <html> and no config option to set one (see
// shared/framework-offline.md); screen readers need it to pick a voice.
document.documentElement.lang = "en";
