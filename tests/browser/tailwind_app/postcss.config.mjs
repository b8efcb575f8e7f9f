// PostCSS for this app's stylesheets: Tailwind CSS (scanning the pages for class names), then autoprefixer.
export default {
  plugins: {
    "@tailwindcss/postcss": {},
    autoprefixer: {},
  },
};
