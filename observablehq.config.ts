// Plus x site configuration. Offline by design: no CDN, no remote fonts (see README, "Offline").
export default {
  title: "Plus x",
  root: "src",
  output: "dist",
  // The default theme links Google Fonts; an empty list keeps every request on our own origin.
  globalStylesheets: [],
  style: "style.css",
  pages: [
    {name: "The +x in one picture", path: "/"},
    {name: "Deeper networks that train worse", path: "/degradation"},
    {name: "Learn the difference, not the map", path: "/reformulation"},
    {name: "The derivative of a block", path: "/derivative"},
    {name: "Products of factors", path: "/products"},
    {name: "When shapes change", path: "/projection"},
    {name: "Paths", path: "/paths"},
    {name: "Shattered gradients", path: "/shattered"},
    {name: "Loss landscapes", path: "/landscape"},
    {name: "Scaling the skip", path: "/scaling"},
    {name: "Everywhere: transformers and U-Nets", path: "/everywhere"}
  ],
  head: '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Ctext y=%2213%22 font-size=%2214%22%3E%2Bx%3C/text%3E%3C/svg%3E">',
  footer: "Plus x: every figure is computed in your browser, as you read.",
  search: false,
  pager: true
};
